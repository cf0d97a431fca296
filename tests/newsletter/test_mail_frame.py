"""Every mail wears the same frame (templates/emails/base.html), with its styles inlined."""

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
        assert "Der Newsletter von Elternblog" in html
        # Only the dark-mode colours stay a <style> block (media queries cannot be inlined).
        assert html.count("<style") == 1
        assert '<style data-css-inline="keep">\n@media (prefers-color-scheme: dark)' in html
        assert 'class="footer" style="' in html


def test_the_edition_footer_links_the_legal_pages_by_their_names():
    html = edition_content(make_edition()).html

    assert 'href="http://testserver/impressum/"' in html
    assert 'href="http://testserver/datenschutz/"' in html
