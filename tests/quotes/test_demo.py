import datetime

from quotes.demo import seed
from quotes.models import Quote


def test_demo_seeds_a_year_of_quotes_once(frozen, db):
    assert seed() == "12 neu, 0 schon vorhanden"
    assert seed() == "0 neu, 12 schon vorhanden"

    months = list(Quote.objects.order_by("month").values_list("month", flat=True))
    assert months[0] == datetime.date(2025, 2, 1)
    assert months[-1] == datetime.date(2026, 1, 1)
    assert Quote.objects.current().month == datetime.date(2025, 12, 1)


def test_demo_leaves_the_authors_own_quotes_alone(frozen, make_quote):
    own = make_quote(2025, 12, text="Mein eigenes Zitat.")

    assert seed() == "11 neu, 1 schon vorhanden"
    assert Quote.objects.current() == own


def test_demo_run_months_later_adds_nothing(frozen, db):
    seed()
    frozen.move_to(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))

    assert seed() == "0 neu, 12 schon vorhanden"
