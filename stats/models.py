"""Reading statistics: counts per day (and per month once older than 25 months), nothing else.

No row holds anything about a person: a row says "on this day, this page (or referring
host, search term, ...) was counted this often". See README, "Lesestatistik".
"""

from django.db import models


class CountQuerySet(models.QuerySet):
    def between(self, first_day, last_day):
        return self.filter(day__gte=first_day, day__lte=last_day)


class Count(models.Model):
    class Metric(models.TextChoices):
        VIEW = "view", "Aufrufe je Seite"
        KIND = "kind", "Aufrufe je Seitenart"
        REFERRER = "referrer", "Herkunft"
        CAMPAIGN = "campaign", "Kampagne (utm_source)"
        SEARCH = "search", "Suchbegriff"
        RELATED = "related", "Klick auf „Ähnliche Beiträge“"
        SIGNUP = "signup", "Newsletter-Anmeldung"
        DEVICE = "device", "Geräteklasse"

    day = models.DateField("Tag", help_text="Bei Monatssummen der Erste des Monats.")
    monthly = models.BooleanField("Monatssumme", default=False)
    metric = models.CharField("Kennzahl", max_length=10, choices=Metric.choices)
    # What was counted: a page's path, a host, a search term, a device class ...
    key = models.CharField("Was", max_length=200)
    # Only for clicks on a related article: the page the click led to.
    target = models.CharField("Wohin", max_length=200, blank=True)
    count = models.PositiveIntegerField("Anzahl", default=0)

    objects = CountQuerySet.as_manager()

    class Meta:
        verbose_name = "Lesestatistik"
        verbose_name_plural = "Lesestatistik"
        # Nobody adds or edits counts by hand; the author may only look at them.
        default_permissions = ()
        permissions = [("view_statistics", "Statistik ansehen")]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "key", "target", "day", "monthly"], name="stats_count_unique"
            )
        ]
        indexes = [models.Index(fields=["metric", "day"], name="stats_count_metric_day")]

    def __str__(self):
        return f"{self.day} {self.get_metric_display()} {self.key}: {self.count}"


class FlushMark(models.Model):
    """How far the buffer in the cache has been written to the database (one row).

    Flushes lock this row, so the worker and the statistics page never add a bucket twice.
    """

    flushed_through = models.BigIntegerField("Übertragen bis Zeitabschnitt", default=0)

    class Meta:
        verbose_name = "Übertragungsstand"
        default_permissions = ()

    def __str__(self):
        return f"bis {self.flushed_through}"
