"""Every mail wears the same frame (templates/emails/base.html), with its styles inlined."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from newsletter.rendering import confirmation_message, edition_content
from tests.newsletter.editions import make_edition, make_subscriber

pytestmark = pytest.mark.django_db

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"


def test_every_html_mail_extends_the_one_frame():
    mails = [path for path in EMAILS.glob("*.html") if path.name != "base.html"]

    assert mails
    for path in mails:
        first_line = path.read_text().splitlines()[0]
        assert first_line == '{% extends "emails/base.html" %}', path.name


def test_confirmation_and_edition_share_masthead_and_inlined_styles():
    subscriber = make_subscriber("anna@example.org", first_name="Anna")
    confirmation = confirmation_message(subscriber).alternatives[0][0]
    edition = edition_content(make_edition()).html

    for html in (confirmation, edition):
        assert "<strong style=" in html and ">Elternpost</strong>" in html
        assert "Der Newsletter des Blogs „Elternblog“" in html
        # Only the dark-mode colours stay a <style> block (media queries cannot be inlined).
        assert html.count("<style") == 1
        assert '<style data-css-inline="keep">\n@media (prefers-color-scheme: dark)' in html
        assert 'class="footer" style="' in html


def test_the_edition_footer_links_the_legal_pages_by_their_names():
    html = edition_content(make_edition()).html

    assert 'href="http://testserver/impressum/"' in html
    assert 'href="http://testserver/datenschutz/"' in html


def test_mails_name_the_blog_and_never_print_its_address_as_its_name(settings):
    settings.SITE_NAME = "Kleine Schritte"
    subscriber = make_subscriber("anna@example.org", first_name="Anna")
    confirmation = confirmation_message(subscriber)
    content = edition_content(make_edition())
    edition_text, edition_html = content.personal(
        first_name="", unsubscribe_url="x", preferences_url="y"
    )

    for part in (confirmation.body, confirmation.alternatives[0][0], edition_text, edition_html):
        assert "des Blogs „Kleine Schritte“" in part
        # The site's address appears only inside links to a page, never as a name.
        assert not re.search(r"http://testserver(?!/)", part)
        assert "von http" not in part and "auf http" not in part


def test_the_greeting_has_a_comma_after_guten_tag():
    subscriber = make_subscriber("anna@example.org", first_name="Anna")
    content = edition_content(make_edition())

    assert confirmation_message(subscriber).body.startswith("Guten Tag, Anna,\n")
    assert (
        "Guten Tag, Anna,"
        in content.personal(first_name="Anna", unsubscribe_url="x", preferences_url="y")[0]
    )
    assert (
        "Guten Tag,\n"
        in content.personal(first_name="", unsubscribe_url="x", preferences_url="y")[0]
    )
