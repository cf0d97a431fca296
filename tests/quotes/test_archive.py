import datetime
import re

from quotes.models import Quote


def test_archive_lists_this_month_and_the_past_newest_first(frozen, make_quote, client):
    make_quote(2025, 10, text="Oktober-Gedanke.")
    make_quote(2025, 12, text="Dezember-Gedanke.")
    make_quote(2025, 11, text="November-Gedanke.")

    html = client.get("/zitate/").content.decode()

    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    positions = [main.index(f"{name}-Gedanke.") for name in ("Dezember", "November", "Oktober")]
    assert positions == sorted(positions)
    assert '<time datetime="2025-12">Dezember 2025</time>' in main


def test_archive_hides_future_quotes(frozen, make_quote, client):
    make_quote(2025, 12, text="Schon da.")
    make_quote(2026, 1, text="Noch geheim.")

    html = client.get("/zitate/").content.decode()

    assert "Schon da." in html
    assert "Noch geheim." not in html
    assert "Januar 2026" not in html


def test_archive_has_one_h1_and_a_german_title(frozen, make_quote, client):
    make_quote(2025, 12)

    html = client.get("/zitate/").content.decode()

    assert html.count("<h1") == 1
    assert "<h1>Zitate des Monats</h1>" in html
    assert "<title>Zitate des Monats – Elternblog</title>" in html


def test_archive_marks_only_the_current_quote(frozen, make_quote, client):
    make_quote(2025, 11)
    make_quote(2025, 12)

    html = client.get("/zitate/").content.decode()

    assert html.count('class="quote-badge">aktuell<') == 1
    assert re.search(r"Dezember 2025</time> <span class=\"quote-badge\">aktuell", html)


def test_archive_is_paginated_by_twelve(frozen, client, db):
    for index in range(14):
        year, month = divmod(2025 * 12 + 11 - index, 12)
        Quote.objects.create(
            text=f"Gedanke {index}.", author="Kant", month=datetime.date(year, month + 1, 1)
        )

    first = client.get("/zitate/").content.decode()
    second = client.get("/zitate/?page=2").content.decode()

    assert first.count('<figure class="quote">') == 12
    assert second.count('<figure class="quote">') == 2
    assert "Gedanke 0." in first
    assert "Gedanke 11." in first
    assert "Gedanke 12." in second
    assert "Gedanke 13." in second
    assert "Gedanke 11." not in second
    assert 'href="?page=2" rel="next">Ältere Zitate' in first
    assert 'href="?page=1" rel="prev">← Neuere Zitate' in second
    assert "Seite 2 von 2" in second
    assert "quote-badge" not in second
    assert "<title>Zitate des Monats – Seite 2 – Elternblog</title>" in second


def test_archive_page_beyond_the_end_is_404(frozen, make_quote, client):
    make_quote(2025, 12)

    assert client.get("/zitate/?page=2").status_code == 404
    assert client.get("/zitate/?page=abc").status_code == 404


def test_archive_without_quotes_says_so_in_german(frozen, db, client):
    html = client.get("/zitate/").content.decode()

    assert "Noch gibt es hier kein Zitat des Monats" in html


def test_archive_queries_do_not_grow_with_the_quotes(
    frozen, make_quote, client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # count the view's queries, not a cached page's
    for month in range(1, 13):
        make_quote(2025, month)
    client.get("/zitate/")  # fills the caches the page frame uses

    # 1. count for the paginator  2. the page of quotes  3. the blog's category navigation
    # (the quote of the month comes from the cache)
    with django_assert_max_num_queries(3):
        assert client.get("/zitate/").status_code == 200


def test_archive_does_not_repeat_the_quote_box_at_its_foot(frozen, make_quote, client):
    make_quote(2025, 12, text="Dezember-Gedanke.")

    html = client.get("/zitate/").content.decode()

    assert 'id="quote-of-the-month"' not in html
    assert "Alle Zitate des Monats" not in html
    assert html.count("Dezember-Gedanke.") == 1
