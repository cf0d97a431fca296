"""Per-day counts are kept 25 months, then only their monthly sums."""

import datetime

import pytest

from stats.models import Count
from stats.reports import Period, Report
from stats.services import counts_roll_up

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def day_row(day, count, key="/artikel/schlaf/", metric="view"):
    return Count.objects.create(day=day, metric=metric, key=key, count=count)


def test_days_older_than_25_months_become_one_row_per_month():
    day_row(datetime.date(2024, 9, 3), 2)
    day_row(datetime.date(2024, 9, 28), 5)
    day_row(datetime.date(2024, 9, 28), 7, key="/artikel/kita/")
    day_row(datetime.date(2024, 8, 1), 1)

    merged = counts_roll_up(today=TODAY)

    assert merged == 4
    monthly = Count.objects.filter(monthly=True).values_list("day", "key", "count")
    assert sorted(monthly) == [
        (datetime.date(2024, 8, 1), "/artikel/schlaf/", 1),
        (datetime.date(2024, 9, 1), "/artikel/kita/", 7),
        (datetime.date(2024, 9, 1), "/artikel/schlaf/", 7),
    ]
    assert not Count.objects.filter(monthly=False).exists()


def test_the_last_25_months_keep_their_days():
    kept = [datetime.date(2024, 10, 1), datetime.date(2025, 6, 15), TODAY]
    for day in kept:
        day_row(day, 3)

    assert counts_roll_up(today=TODAY) == 0
    assert sorted(Count.objects.values_list("day", flat=True)) == kept


def test_rolling_up_twice_adds_to_the_month_instead_of_replacing_it():
    day_row(datetime.date(2024, 9, 3), 2)
    counts_roll_up(today=TODAY)
    day_row(datetime.date(2024, 9, 4), 3)  # a late flush of an old day
    counts_roll_up(today=TODAY)

    assert Count.objects.get(monthly=True).count == 5


def test_across_a_new_year_the_cutoff_is_25_months_back():
    day_row(datetime.date(2023, 11, 30), 1)
    day_row(datetime.date(2023, 12, 1), 1)

    counts_roll_up(today=datetime.date(2026, 1, 5))

    assert list(Count.objects.filter(monthly=False).values_list("day", flat=True)) == [
        datetime.date(2023, 12, 1)
    ]


def test_a_period_over_rolled_up_months_still_counts_them():
    day_row(datetime.date(2024, 1, 15), 4, key="article", metric="kind")
    counts_roll_up(today=TODAY)

    report = Report(Period(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)))

    assert sum(views for _, views in report.views_per_day()) == 4
