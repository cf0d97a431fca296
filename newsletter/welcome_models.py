"""The welcome mail a subscriber gets right after confirming (welcome.py)."""

from django.db import models

from core.richtext import RichTextField


class WelcomeMailQuerySet(models.QuerySet):
    def active(self):
        """The mail a new subscriber gets, or None while the author has none switched on."""
        return self.filter(active=True).order_by("pk").first()


class WelcomeMail(models.Model):
    """What a subscriber gets right after confirming; the admin keeps it to one row."""

    subject = models.CharField("Betreff", max_length=150, default="Willkommen bei der Elternpost")
    body = RichTextField(
        "Text",
        blank=True,
        help_text="Die Anrede („Guten Tag, Vorname,“) und der Abmeldelink kommen automatisch "
        "dazu. Bilder erscheinen in der Mail nur als Hinweis, ohne Link.",
    )
    articles = models.ManyToManyField(
        "blog.Article",
        verbose_name="Lesetipps",
        blank=True,
        related_name="+",
        help_text="Ausgewählte Artikel, die unter dem Text verlinkt werden (nur veröffentlichte).",
    )
    active = models.BooleanField(
        "Eingeschaltet",
        default=False,
        help_text="Nur wenn eingeschaltet, bekommt jede neue Abonnentin und jeder neue "
        "Abonnent diese Mail einmal, gleich nach der Bestätigung.",
    )
    updated_at = models.DateTimeField("Geändert", auto_now=True)

    objects = WelcomeMailQuerySet.as_manager()

    class Meta:
        verbose_name = "Willkommensmail"
        verbose_name_plural = "Willkommensmail"

    def __str__(self):
        return self.subject
