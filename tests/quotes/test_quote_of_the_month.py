from django.core.cache import cache
from django.db import transaction
from django.template import Context, Template

from quotes.models import Quote
from tests.quotes.conftest import berlin

TAG = Template("{% load quotes_tags %}{% quote_of_the_month %}")


def render():
    return TAG.render(Context())


def test_this_months_quote_shows_in_a_figure_with_german_quotation_marks(frozen, make_quote):
    make_quote(2025, 12, text="Kein Mensch muss müssen.", author="Lessing", source="Nathan")

    html = render()

    assert '<h2 id="quote-of-the-month-heading">Zitat des Monats</h2>' in html
    assert '<figure class="quote" id="quote-of-the-month">' in html
    assert "<blockquote><p>„Kein Mensch muss müssen.“</p></blockquote>" in html
    assert "<figcaption>– Lessing, <cite>Nathan</cite></figcaption>" in html


def test_caption_without_source_names_only_the_author(frozen, make_quote):
    make_quote(2025, 12, author="Wilhelm Busch", source="")

    assert "<figcaption>– Wilhelm Busch</figcaption>" in render()


def test_newest_earlier_quote_stands_in_when_this_month_has_none(frozen, make_quote):
    make_quote(2025, 9, text="Aus dem September.")
    make_quote(2025, 11, text="Aus dem November.")

    html = render()

    assert "Aus dem November." in html
    assert "Aus dem September." not in html


def test_next_months_quote_is_never_shown_early(frozen, make_quote):
    make_quote(2025, 11, text="Der vom November.")
    make_quote(2026, 1, text="Der vom Januar.")

    html = render()

    assert "Der vom November." in html
    assert "Der vom Januar." not in html


def test_nothing_at_all_is_rendered_without_a_quote(frozen, db):
    assert render().strip() == ""


def test_nothing_is_rendered_when_only_future_quotes_exist(frozen, make_quote):
    make_quote(2026, 2)

    assert render().strip() == ""


def test_new_years_quote_appears_at_midnight_berlin_time_by_itself(frozen, make_quote):
    make_quote(2025, 12, text="Zum Jahresende.")
    make_quote(2026, 1, text="Zum neuen Jahr.")

    frozen.move_to(berlin(2025, 12, 31, 23, 59))
    assert "Zum Jahresende." in render()
    assert "Zum Jahresende." in render()  # now from the cache

    frozen.move_to(berlin(2026, 1, 1, 0, 0))
    html = render()

    assert "Zum neuen Jahr." in html
    assert "Zum Jahresende." not in html


def test_the_month_turns_on_berlin_time_not_on_the_servers_utc_clock(frozen, make_quote):
    make_quote(2025, 12, text="Zum Jahresende.")
    make_quote(2026, 1, text="Zum neuen Jahr.")

    # 23:30 UTC on New Year's Eve is already half past midnight in Berlin.
    frozen.move_to("2025-12-31T23:30:00+00:00")

    assert "Zum neuen Jahr." in render()


def test_a_cache_hit_costs_no_query(frozen, make_quote, django_assert_num_queries):
    make_quote(2025, 12)
    render()

    with django_assert_num_queries(0):
        render()
        render()


def test_a_miss_costs_one_query(frozen, make_quote, django_assert_num_queries):
    make_quote(2025, 12)

    # 1. the newest quote of this month or earlier
    with django_assert_num_queries(1):
        render()


def test_a_site_without_quotes_caches_that_too(frozen, db, django_assert_num_queries):
    render()

    with django_assert_num_queries(0):
        assert render().strip() == ""


def test_editing_the_shown_quote_shows_at_once(frozen, make_quote):
    quote = make_quote(2025, 12, text="Erste Fassung.")
    render()

    quote.text = "Verbesserte Fassung."
    quote.save()

    assert "Verbesserte Fassung." in render()


def test_a_new_quote_for_this_month_replaces_the_fallback_at_once(frozen, make_quote):
    make_quote(2025, 11, text="Der alte.")
    assert "Der alte." in render()

    make_quote(2025, 12, text="Der neue.")

    assert "Der neue." in render()


def test_deleting_the_shown_quote_falls_back_at_once(frozen, make_quote):
    make_quote(2025, 11, text="Der vom November.")
    december = make_quote(2025, 12, text="Der vom Dezember.")
    assert "Der vom Dezember." in render()

    december.delete()

    assert "Der vom November." in render()


def test_deleting_the_last_quote_removes_the_box_at_once(frozen, make_quote):
    quote = make_quote(2025, 12)
    render()

    quote.delete()

    assert render().strip() == ""


def test_the_cache_is_dropped_again_when_the_transaction_commits(
    frozen, make_quote, django_capture_on_commit_callbacks
):
    quote = make_quote(2025, 12, text="Alt.")
    old = Quote.objects.get(pk=quote.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        quote.text = "Neu."
        quote.save()
        # Another request, still seeing the old row, fills the cache before the commit.
        cache.set("quotes:current:2025-12", old)

    assert "Neu." in render()


def test_quote_text_is_escaped(frozen, make_quote):
    make_quote(2025, 12, text="<script>alert(1)</script>", author="<b>Jemand</b>")

    html = render()

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;Jemand&lt;/b&gt;" in html


def test_every_public_page_shows_the_quote(frozen, make_quote, client):
    make_quote(2025, 12, text="Auf jeder Seite.")

    # /zitate/ lists every quote itself, without the box (tests/quotes/test_archive.py).
    for url in ["/", "/newsletter/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count('id="quote-of-the-month"') == 1, url


def test_pages_show_no_empty_quote_box(frozen, db, client):
    html = client.get("/").content.decode()

    assert "quote-of-the-month" not in html
    assert "<aside" not in html


def test_cached_pages_show_the_new_months_quote_at_midnight(frozen, make_quote, client):
    make_quote(2025, 12, text="Zum Jahresende.")
    make_quote(2026, 1, text="Zum neuen Jahr.")

    frozen.move_to(berlin(2025, 12, 31, 23, 59))
    assert "Zum Jahresende." in client.get("/").content.decode()
    assert "Zum Jahresende." in client.get("/").content.decode()

    frozen.move_to(berlin(2026, 1, 1, 0, 0))
    html = client.get("/").content.decode()

    assert "Zum neuen Jahr." in html
    assert "Zum Jahresende." not in html


def test_cached_pages_show_a_deleted_quotes_fallback_at_once(frozen, make_quote, client):
    make_quote(2025, 11, text="Der vom November.")
    december = make_quote(2025, 12, text="Der vom Dezember.")
    assert "Der vom Dezember." in client.get("/").content.decode()

    december.delete()

    assert "Der vom November." in client.get("/").content.decode()
