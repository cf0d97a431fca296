"""Reading statistics in a real browser: pages from the cache count, the author sees it soon."""

import time
from pathlib import Path

import pytest
from django.utils import timezone

from blog.models import Article
from blog.related import related_lists_recompute
from stats import buffer
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: F401 (the same browser as every e2e test)
from tests.e2e.tools import missing_tool

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BODY = "<p>Wenn das Kind nachts wach wird, hilft Ruhe. Schlaf kommt mit Geduld und Nähe.</p>"
PASSWORD = "Sternenhimmel-42"


def reader_agent(number):
    # Headless Chromium names itself HeadlessChrome, which the statistics take for a bot.
    return (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/131.0.0.0 Safari/537.36 Leserin/{number}"
    )


@pytest.fixture(autouse=True)
def _cached_pages_and_a_fresh_buffer(settings):
    settings.PAGE_CACHE_SECONDS = 60 * 60
    buffer.forget_process_buffer()


@pytest.fixture
def articles():
    made = [
        Article.objects.create(
            title=title, slug=slug, body=BODY, status="published", published_at=timezone.now()
        )
        for title, slug in [
            ("Schlaf im ersten Jahr", "schlaf-im-ersten-jahr"),
            ("Schlaf und Mittagsschlaf", "mittagsschlaf"),
        ]
    ]
    related_lists_recompute(article_ids=[article.pk for article in made])
    return made


@pytest.fixture
def author_page(browser, live_server, django_user_model):
    django_user_model.objects.create_superuser("autorin", "autorin@example.org", PASSWORD)
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "autorin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    yield page
    context.close()


def beacon(marker):
    """Waits for the answer to a beacon whose payload holds `marker`."""
    return lambda response: (
        "/statistik/zaehlen/" in response.url and marker in (response.request.post_data or "")
    )


def read(browser, url, number, then=None):
    """One reader's visit; returns what the browser kept, the headers and the beacon's answer."""
    context = browser.new_context(locale="de-DE", user_agent=reader_agent(number))
    page = context.new_page()
    headers = []
    page.on("response", lambda response: headers.append(response.headers))
    with page.expect_response(beacon('"p"')) as view:
        page.goto(url)
    if then:
        then(page)
    kept = page.evaluate("[document.cookie, localStorage.length, sessionStorage.length]")
    context.close()
    return kept, headers, view.value.status


def test_views_from_fresh_and_cached_pages_reach_the_statistics_within_a_minute(
    browser, live_server, articles, author_page
):
    first, _ = articles
    url = live_server.url + first.get_absolute_url()
    assert read(browser, url, 1)[2] == 204
    # Changed without telling the page cache: whoever sees the old title got the cached page.
    Article.objects.filter(pk=first.pk).update(title="Schlaf im ersten Lebensjahr")
    cached = []
    read(browser, url, 2, then=lambda page: cached.append(page.locator("h1").inner_text()))
    assert cached == ["Schlaf im ersten Jahr"]

    def follow_related(page):
        with page.expect_response(beacon('"t"')), page.expect_response(beacon("mittagsschlaf")):
            page.locator("#related a").first.click()

    read(browser, url, 3, then=follow_related)
    read(browser, live_server.url + "/suche/?q=Schlaf", 4)

    started = time.monotonic()
    page = author_page
    while True:
        page.goto(live_server.url + "/admin/statistik/")
        rows = page.locator("#stats-articles tbody tr").all_inner_texts()
        if "Schlaf im ersten Lebensjahr\t3" in rows and len(rows) == 2:
            break
        assert time.monotonic() - started < 60, rows
        time.sleep(2)
    assert rows == ["Schlaf im ersten Lebensjahr\t3", "Schlaf und Mittagsschlaf\t1"]
    related = page.locator("#stats-aehnliche-beitraege tbody tr").all_inner_texts()
    assert related == ["Schlaf im ersten Lebensjahr\tSchlaf und Mittagsschlaf\t1"]


def test_a_reader_keeps_nothing_and_is_sent_no_cookie(browser, live_server, articles):
    for number, url in enumerate(["/", articles[0].get_absolute_url(), "/suche/?q=Kita"]):
        kept, headers, status = read(browser, live_server.url + url, number)
        assert status == 204
        assert kept == ["", 0, 0]
        assert [h for h in headers if "set-cookie" in h] == []


def test_the_statistics_page_passes_axe(author_page, live_server, articles):
    if not AXE.exists():
        missing_tool(f"axe-core fehlt ({AXE}): mit npm installiert holt `make install` es.")
    author_page.goto(live_server.url + "/admin/statistik/")
    author_page.add_script_tag(path=str(AXE))
    result = author_page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'],"
        " runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    problems = [
        f"{v['id']}: {v['help']} – {[n['target'][0] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert problems == []
