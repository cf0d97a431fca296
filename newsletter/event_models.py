"""What mail servers and services report about mail to a subscriber (suppression.py)."""

from django.db import models
from django.utils import timezone


class MailEvent(models.Model):
    """What a mail server or mail service reported about mail to one subscriber.

    Only what decides about sending is kept: bounces, complaints, refusals, and the
    delivery that ends a run of temporary bounces. Opens and clicks are never stored.
    """

    class Kind(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Bounce (dauerhaft)"
        SOFT_BOUNCE = "soft_bounce", "Bounce (vorübergehend)"
        COMPLAINT = "complaint", "Spam-Beschwerde"
        REFUSED = "refused", "Abgewiesen (Mailserver 5xx oder Maildienst)"
        DELIVERED = "delivered", "Zugestellt (Zähler zurückgesetzt)"

    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        verbose_name="Abonnent",
        on_delete=models.CASCADE,
        related_name="mail_events",
    )
    kind = models.CharField("Art", max_length=12, choices=Kind.choices)
    source = models.CharField("Quelle", max_length=30, help_text="smtp oder der Maildienst.")
    reason = models.CharField("Grund", max_length=500, blank=True)
    occurred_at = models.DateTimeField("Zeitpunkt", default=timezone.now)
    event_id = models.CharField("Kennung beim Maildienst", max_length=200, blank=True)

    class Meta:
        verbose_name = "Zustellmeldung"
        verbose_name_plural = "Zustellmeldungen"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["source", "event_id"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subscriber}"
