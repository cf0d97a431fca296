import pytest

from quotes.models import Quote, current_month

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_quote_of_the_month_shows_on_the_home_page(page, live_server):
    Quote.objects.create(
        text="Kein Mensch muss müssen.",
        author="Gotthold Ephraim Lessing",
        source="Nathan der Weise",
        month=current_month(),
    )

    page.goto(live_server.url + "/")

    aside = page.get_by_role("complementary", name="Zitat des Monats")
    assert aside.get_by_role("heading", name="Zitat des Monats").is_visible()
    figure = aside.locator("figure#quote-of-the-month")
    assert figure.is_visible()
    assert figure.locator("blockquote").inner_text() == "„Kein Mensch muss müssen.“"
    caption = figure.locator("figcaption")
    assert caption.inner_text() == "– Gotthold Ephraim Lessing, Nathan der Weise"
    assert caption.locator("cite").inner_text() == "Nathan der Weise"
    # The stylesheet reached the browser: the quote is set apart from the article text.
    assert figure.locator("blockquote").evaluate("el => getComputedStyle(el).fontStyle") == (
        "italic"
    )

    aside.get_by_role("link", name="Alle Zitate des Monats").click()
    page.wait_for_url("**/zitate/")
    assert page.locator("h1").inner_text() == "Zitate des Monats"
    assert page.locator("main .quote-list blockquote").count() == 1


def test_home_page_without_a_quote_shows_no_empty_box(page, live_server):
    page.goto(live_server.url + "/")

    assert page.locator("#quote-of-the-month").count() == 0
    assert page.get_by_role("heading", name="Zitat des Monats").count() == 0
    assert page.get_by_role("complementary", name="Zitat des Monats").count() == 0
