"""What the statistics page shows: sums over a period, read from the per-day counts."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from stats.models import Count
from stats.titles import titles

# Search terms appear only when this many searches share them (k-anonymity).
MIN_SEARCHES = 3
TOP = 50
ARTICLE_ROWS = 200

KIND_LABELS = {
    "home": "Startseite",
    "article": "Artikel",
    "category": "Kategorien",
    "tag": "Schlagwörter",
    "archive": "Monatsarchiv",
    "search": "Suche",
    "quotes": "Zitate",
    "newsletter": "Newsletter",
    "other": "Weitere Seiten",
}
DEVICE_LABELS = {"phone": "Handy", "tablet": "Tablet", "desktop": "Computer"}
ARTICLE_ORDERS = {
    "aufrufe": lambda row: (-row[2], row[0]),
    "aufrufe-aufsteigend": lambda row: (row[2], row[0]),
    "titel": lambda row: (row[0].casefold(), -row[2]),
}


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date

    @classmethod
    def last_days(cls, days, today=None):
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @property
    def days(self):
        return [
            self.first + datetime.timedelta(days=n)
            for n in range((self.last - self.first).days + 1)
        ]

    def slug(self):
        return f"{self.first.isoformat()}-bis-{self.last.isoformat()}"


def article_views(paths, *, days=30):
    """{path: views} of these article paths in the last `days` days (one query)."""
    period = Period.last_days(days)
    rows = (
        Count.objects.between(period.first, period.last)
        .filter(metric=Count.Metric.VIEW, key__in=list(paths))
        .values_list("key")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return dict(rows)


@dataclass
class Table:
    """One table of the page, also its CSV download (`slug`)."""

    slug: str
    caption: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""


class Report:
    def __init__(self, period):
        self.period = period
        self.counts = Count.objects.between(period.first, period.last)

    def _totals(self, metric, *, limit=TOP, minimum=1):
        rows = (
            self.counts.filter(metric=metric)
            .values_list("key", "target")
            .annotate(total=Sum("count"))
            .filter(total__gte=minimum)
            .order_by("-total", "key", "target")
        )
        return list(rows[:limit] if limit else rows)

    def views_per_day(self):
        per_day = dict(
            self.counts.filter(metric=Count.Metric.KIND)
            .values_list("day")
            .annotate(total=Sum("count"))
            .order_by()
        )
        return [(day, per_day.get(day, 0)) for day in self.period.days]

    def articles(self, order="aufrufe", limit=ARTICLE_ROWS):
        """(title, path, views) of every article viewed in the period, `order`ed."""
        views = self._totals(Count.Metric.VIEW, limit=None)
        known = titles(path for path, _, _ in views)
        rows = [(known[path], path, total) for path, _, total in views if path in known]
        rows.sort(key=ARTICLE_ORDERS.get(order, ARTICLE_ORDERS["aufrufe"]))
        return rows[:limit] if limit else rows

    def article_table(self, order="aufrufe"):
        rows = self.articles(order, limit=None)
        return Table("artikel", "Aufrufe je Artikel", ["Artikel", "Adresse", "Aufrufe"], rows)

    def tables(self):
        """The small tables below the article list, each with its CSV name."""
        return [*self._where_from_tables(), *self._what_next_tables()]

    def _where_from_tables(self):
        kinds = self._totals(Count.Metric.KIND, limit=None)
        devices = self._totals(Count.Metric.DEVICE, limit=None)
        return [
            Table(
                "seitenarten",
                "Aufrufe je Seitenart",
                ["Seitenart", "Aufrufe"],
                [(KIND_LABELS.get(key, key), total) for key, _, total in kinds],
            ),
            Table(
                "herkunft",
                "Woher die Leserinnen und Leser kommen",
                ["Website", "Besuche"],
                [(key, total) for key, _, total in self._totals(Count.Metric.REFERRER)],
                "Nur der Name der verweisenden Website; „direkt“: ohne Verweis (Lesezeichen, "
                "eingetippt, App). Wechsel innerhalb des Blogs zählen nicht.",
            ),
            Table(
                "kampagnen",
                "Kampagnen (utm_source)",
                ["Quelle", "Besuche"],
                [(key, total) for key, _, total in self._totals(Count.Metric.CAMPAIGN)],
                "Links mit utm_source, etwa die Links der Elternpost (utm_source=elternpost).",
            ),
            Table(
                "geraete",
                "Geräteklassen",
                ["Gerät", "Aufrufe"],
                [(DEVICE_LABELS.get(key, key), total) for key, _, total in devices],
                "Aus der Bildschirmbreite: unter 600 Pixel Handy, unter 1024 Tablet, "
                "sonst Computer.",
            ),
        ]

    def _what_next_tables(self):
        related = self._totals(Count.Metric.RELATED)
        signups = self._totals(Count.Metric.SIGNUP)
        named = titles({key for key, *_ in related + signups} | {t for _, t, _ in related})
        searches = self._totals(Count.Metric.SEARCH, minimum=MIN_SEARCHES)
        return [
            Table(
                "suchbegriffe",
                "Suchbegriffe",
                ["Suchbegriff", "Suchen"],
                [(key, total) for key, _, total in searches],
                f"Nur Begriffe, die im Zeitraum mindestens {MIN_SEARCHES}-mal gesucht wurden: "
                "seltene Suchen könnten einzelne Menschen verraten.",
            ),
            Table(
                "aehnliche-beitraege",
                "Klicks auf „Ähnliche Beiträge“",
                ["Von Artikel", "Zu Artikel", "Klicks"],
                [(named.get(key, key), named.get(t, t), total) for key, t, total in related],
            ),
            Table(
                "anmeldungen",
                "Newsletter-Anmeldungen je Seite",
                ["Seite", "Anmeldungen"],
                [(named.get(key, key), total) for key, _, total in signups],
                "Abgeschickte Anmeldeformulare, bestätigt oder nicht.",
            ),
        ]
