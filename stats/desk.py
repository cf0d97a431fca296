"""The statistics' panel on the author's desk: the most-read articles of the last days."""

from django.conf import settings

from stats.reports import Period, Report

DAYS = 7
ROWS = 5


def can_see(user):
    return settings.STATS and user.has_perm("stats.view_statistics")


def most_read(*, days=DAYS, rows=ROWS):
    """(title, path, views) of the most-read articles (two queries: counts, titles)."""
    return {"articles": Report(Period.last_days(days)).articles(limit=rows), "days": days}
