import datetime

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

TEXT_MAX_LENGTH = 500


def current_month():
    """The first day of this month on the site's clock (Europe/Berlin), not the server's."""
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    return today.replace(day=1)


def next_month(month):
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


class QuoteQuerySet(models.QuerySet):
    def published(self):
        """The one door for every public read: this month and the past, never a future month."""
        return self.filter(month__lte=current_month())

    def current(self):
        """This month's quote, else the newest earlier one, else None."""
        return self.published().order_by("-month").first()


class Quote(models.Model):
    text = models.TextField(
        "Zitat",
        validators=[
            MaxLengthValidator(
                TEXT_MAX_LENGTH,
                message="Das Zitat ist zu lang: höchstens %(limit_value)d Zeichen, "
                "jetzt sind es %(show_value)d. Bitte kürzen Sie es (gern mit „…“).",
            )
        ],
        help_text=(
            f"Höchstens {TEXT_MAX_LENGTH} Zeichen, ohne Anführungszeichen: "
            "die deutschen „…“ setzt die Seite selbst."
        ),
    )
    author = models.CharField("Urheber/in", max_length=120)
    source = models.CharField(
        "Quelle",
        max_length=200,
        blank=True,
        help_text="Werk, Brief oder Rede, aus dem das Zitat stammt – zum Beispiel „Faust I“.",
    )
    month = models.DateField(
        "Monat",
        unique=True,
        error_messages={
            "unique": "Für diesen Monat gibt es schon ein Zitat. Bitte wählen Sie einen "
            "anderen Monat oder bearbeiten Sie das vorhandene Zitat."
        },
        help_text="Ab dem Ersten dieses Monats um 0 Uhr (deutsche Zeit) steht das Zitat auf "
        "jeder Seite – bis zum nächsten Zitat.",
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = "Zitat des Monats"
        verbose_name_plural = "Zitate des Monats"
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month_label} – {self.author}"

    def save(self, *args, **kwargs):
        # A month is stored as its first day, whatever date a script or shell passes in.
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("quotes:list")

    @property
    def month_label(self):
        return date_format(self.month, "F Y")
