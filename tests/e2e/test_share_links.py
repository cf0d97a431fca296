"""Share links in a real Chromium: nothing loads from other hosts, "Link kopieren" copies."""

import pytest

from tests.blog.reader_helpers import article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_article_page_requests_nothing_from_other_hosts_before_a_click(page, live_server):
    article("Teilen ohne Spione", cover=True)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/artikel/teilen-ohne-spione/")
    page.wait_for_load_state("networkidle")

    assert requested, "the page made no requests at all"
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    for name in ["WhatsApp", "Pinterest", "Facebook", "E-Mail", "Link kopieren"]:
        assert page.get_by_role("link", name=name).count() == 1, name


def test_copy_link_copies_the_article_address_and_says_so(page, live_server):
    article("Zum Weitersagen")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/artikel/zum-weitersagen/")

    page.get_by_role("link", name="Link kopieren").click()

    status = page.locator(".share-status")
    status.filter(has_text="Link kopiert.").wait_for()
    assert page.url == f"{live_server.url}/artikel/zum-weitersagen/"  # stayed on the page
    assert page.evaluate("navigator.clipboard.readText()") == (
        "http://testserver/artikel/zum-weitersagen/"
    )
