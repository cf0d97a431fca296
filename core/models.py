from django.db import models


class DailyRun(models.Model):
    """One row per day on which the daily jobs (core/daily.py) ran: they run once a day."""

    day = models.DateField("Tag", unique=True)
    started_at = models.DateTimeField("begonnen", auto_now_add=True)

    class Meta:
        verbose_name = "Tageslauf"
        verbose_name_plural = "Tagesläufe"

    def __str__(self):
        return str(self.day)
