"""The theme in Chromium: no sideways scrolling, a small header, a menu without JavaScript,
enough titles on the first screen, and an article that prints cleanly (issues 12 and 15)."""

import pytest
from django.core.management import call_command

from blog.models import Article
from tests.blog.reader_helpers import article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Geschwisterstreitigkeiten"
LONG_TITLE = "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellungsbetriebsbesichtigung"
LONG_BODY = (
    f"<p>Über {LONG_WORD}schlichtungsversuchsprotokollaufbewahrungsvorschriften und "
    "https://example.org/ein/sehr/langer/pfad/ohne/jede/moeglichkeit/zum/umbrechen/index.html"
    '. Mehr im <a href="https://example.org/elternratgeber">Elternratgeber</a>.'
    "</p><pre>for kind in kinder: print(kind.name, kind.alter, kind.lieblingsessen, "
    "kind.schlafenszeit, kind.kuscheltier, kind.lieblingsfarbe)</pre>"
    "<table><thead><tr>"
    + "".join(f"<th>Wochentagsbeschäftigung {day}</th>" for day in range(1, 8))
    + "</tr></thead><tbody><tr>"
    + "".join(f"<td>Schwimmunterricht{day}</td>" for day in range(1, 8))
    + "</tr></tbody></table>"
)


@pytest.fixture
def site(live_server):
    call_command("seed_demo", verbosity=0)
    article(LONG_TITLE, slug="lang", body=LONG_BODY)
    return live_server.url


def open_page(browser, url, width, height=844, **options):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="de-DE", **options
    )
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(browser, site, width):
    urls = [
        "/",
        "/artikel/lang/",
        f"/suche/?q={LONG_WORD}",
        f"/suche/?q={LONG_TITLE}",
        Article.objects.exclude(slug="lang").filter(status="published").first().get_absolute_url(),
        "/kategorie/schlaf/",
        "/zitate/",
        "/newsletter/",
        "/diese-seite-gibt-es-nicht/",
    ]
    page = open_page(browser, site, width)
    too_wide = {}
    for url in urls:
        page.goto(site + url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[url] = scroll_width

    assert too_wide == {}
    page.goto(site + "/artikel/lang/")
    # The wide parts scroll inside themselves instead of widening the page.
    for selector in (".prose pre", ".prose .table-scroll"):
        box = page.locator(selector).evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert box[0] > box[1], selector


@pytest.mark.parametrize("width", [320, 390])
def test_phone_header_is_one_row_of_at_most_64_px(browser, site, width):
    page = open_page(browser, site + "/", width)

    assert page.locator(".site-header").evaluate("e => e.offsetHeight") <= 64
    assert page.locator(".site-header .site-nav").is_hidden()


def test_phone_menu_opens_the_topics_without_javascript(browser, site):
    page = open_page(browser, site + "/", 390, java_script_enabled=False)
    topic = page.locator(".menu-panel").get_by_role("link", name="Schlaf")
    assert topic.is_hidden()

    page.get_by_role("group").locator("summary").click()

    assert topic.is_visible()
    topic.click()
    page.wait_for_url("**/kategorie/schlaf/")


def test_escape_and_a_tap_outside_close_the_phone_menu(browser, site):
    page = open_page(browser, site + "/", 390)
    menu = page.locator("details.menu")

    page.locator("details.menu summary").click()
    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    page.locator("details.menu summary").click()
    page.mouse.click(200, 830)  # below the open menu's panel
    assert menu.get_attribute("open") is None


def titles_on_first_screen(page, height):
    tops = page.locator(".article-grid .card-title").evaluate_all(
        "titles => titles.map(t => t.getBoundingClientRect().bottom)"
    )
    return sum(1 for bottom in tops if bottom <= height)


def test_home_shows_four_titles_on_the_first_desktop_screen_and_two_on_a_phone(browser, site):
    desktop = open_page(browser, site + "/", 1366, 900)
    phone = open_page(browser, site + "/", 390, 844)

    assert titles_on_first_screen(desktop, 900) >= 4
    assert titles_on_first_screen(phone, 844) >= 2
    assert desktop.locator(".site-header").evaluate("e => e.offsetHeight") <= 65


def test_every_search_result_shows_its_snippet_on_a_phone(browser, site):
    phone = open_page(browser, site + "/suche/?q=Kinder", 390)
    home = open_page(browser, site + "/", 390)

    snippets = phone.locator(".article-grid .summary")
    assert snippets.count() >= 3
    assert all(snippet.is_visible() for snippet in snippets.all())
    assert phone.locator(".article-grid mark").first.is_visible()
    # Other lists keep their calm cards: a summary for the lead only.
    assert home.locator(".article-grid .card:not(.card-lead) .summary").first.is_hidden()


def test_printed_article_leaves_out_the_frame_and_writes_links_out(browser, site):
    newest = Article.objects.published().exclude(slug="lang").first()
    page = open_page(browser, site + newest.get_absolute_url(), 1366, 900)
    page.emulate_media(media="print")

    for hidden in (".site-header", "#related", "#newsletter-signup", ".site-footer", ".share"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("article h1").is_visible()
    page.goto(site + "/artikel/lang/")
    link_after = page.evaluate(
        "getComputedStyle(document.querySelector('.prose a'), '::after').content"
    )
    assert "https://example.org/elternratgeber" in link_after
