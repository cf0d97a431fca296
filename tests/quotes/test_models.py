import datetime

from quotes.models import Quote


def test_a_month_is_stored_as_its_first_day(frozen, db):
    quote = Quote.objects.create(text="Text.", author="Kant", month=datetime.date(2025, 12, 17))

    quote.refresh_from_db()
    assert quote.month == datetime.date(2025, 12, 1)


def test_a_quote_reads_as_its_month_in_german_and_its_author(frozen, make_quote):
    assert str(make_quote(2025, 3, author="Friedrich Schiller")) == "März 2025 – Friedrich Schiller"


def test_published_hides_next_months_quote_until_its_first_day(frozen, make_quote):
    make_quote(2025, 12)
    january = make_quote(2026, 1)

    assert january not in Quote.objects.published()
    frozen.move_to(datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC))  # 01:00 in Berlin
    assert january in Quote.objects.published()
    assert Quote.objects.current() == january


def test_current_is_none_without_quotes(frozen, db):
    assert Quote.objects.current() is None
