from datetime import datetime, timedelta

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from core.richtext import RichTextField
from newsletter.event_models import MailEvent  # noqa: F401 (registers it)
from newsletter.welcome_models import WelcomeMail  # noqa: F401 (registers it)

# --- Subscribers and the signup box (nl-subscribe) ---------------------------------------

UNCONFIRMED_RETENTION = timedelta(days=30)
CONFIRM_LINK_VALIDITY = timedelta(days=7)

DEFAULT_SIGNUP_BOX = {
    "heading": "Elternpost abonnieren",
    "pitch": "Einmal im Monat die neuen Artikel und das Zitat des Monats in Ihrem Postfach.",
    "consent_text": (
        "Ja, ich möchte die Elternpost erhalten: etwa einmal im Monat eine E-Mail der "
        "Betreiberin dieses Blogs mit neuen Artikeln und dem Zitat des Monats. Meine "
        "Einwilligung kann ich jederzeit über den Abmeldelink in jeder Ausgabe widerrufen."
    ),
}


class SignupBoxQuerySet(models.QuerySet):
    def current(self):
        """The box visitors see: the newest version, or the unsaved defaults on a fresh site.

        Reading never writes: a save here would start a new page-cache generation during
        the render of the very page that is about to be cached.
        """
        return self.order_by("-version").first() or self.model(version=1, **DEFAULT_SIGNUP_BOX)

    def current_saved(self):
        """The current box as a row, for a subscriber's proof: stores the defaults if needed."""
        box = self.current()
        if box.pk is None:
            box, _ = self.get_or_create(version=1, defaults=DEFAULT_SIGNUP_BOX)
        return box


class SignupBox(models.Model):
    """Heading, pitch and consent text of the signup form.

    Each new consent text is a new row with a higher version: a subscriber's proof points
    at the exact wording they agreed to, so old rows are never changed or deleted.
    """

    heading = models.CharField("Überschrift", max_length=120)
    pitch = models.TextField("Werbetext", blank=True, help_text="Ein, zwei Sätze über der Form.")
    consent_text = models.TextField(
        "Einwilligungstext",
        help_text=(
            "Beschriftung der Checkbox: wer was wie oft schickt und dass die Einwilligung "
            "jederzeit widerrufen werden kann. Ein Link zur Datenschutzerklärung folgt "
            "automatisch. Jede Änderung wird eine neue Version."
        ),
    )
    version = models.PositiveIntegerField("Version", unique=True, editable=False)
    created_at = models.DateTimeField("Angelegt", default=timezone.now, editable=False)

    objects = SignupBoxQuerySet.as_manager()

    class Meta:
        verbose_name = "Anmeldebox"
        verbose_name_plural = "Anmeldebox (Versionen)"
        ordering = ["-version"]

    def __str__(self):
        return f"Anmeldebox, Version {self.version}"


class Topic(models.Model):
    """What a subscriber may choose to hear about; choosing none means everything."""

    name = models.CharField("Name", max_length=60, unique=True)
    slug = models.SlugField("Kurzname", max_length=60, unique=True)
    description = models.CharField(
        "Beschreibung", max_length=200, blank=True, help_text="Steht bei der Anmeldung dabei."
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "Thema"
        verbose_name_plural = "Themen"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """The only addresses an edition may reach; unsubscribed ones stay as a block list."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def by_email(self, email):
        # LOWER(email) = …, not iexact: the unique index on Lower("email") answers it.
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())

    def recipients_of(self, edition):
        """Who gets `edition`: confirmed, and with topics only who chose one or none."""
        topic_ids = list(edition.topics.values_list("pk", flat=True))
        if not topic_ids:
            return self.confirmed()
        chosen = Subscriber.topics.through.objects.filter(subscriber=models.OuterRef("pk"))
        return self.confirmed().filter(
            ~models.Exists(chosen) | models.Exists(chosen.filter(topic__in=topic_ids))
        )

    def awaiting_confirmation(self):
        """Addresses with an open opt-in round: new ones, and those signing up again."""
        return self.filter(
            models.Q(status=Subscriber.Status.PENDING) | models.Q(pending_round__isnull=False)
        )

    def unconfirmed_expired(self, now=None):
        now = now or timezone.now()
        # A confirmation link mailed lately stays usable for its 7 days, even on an old signup.
        return self.filter(
            status=Subscriber.Status.PENDING, created_at__lt=now - UNCONFIRMED_RETENTION
        ).exclude(confirmation_sent_at__gte=now - CONFIRM_LINK_VALIDITY)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Unbestätigt"
        CONFIRMED = "confirmed", "Bestätigt"
        UNSUBSCRIBED = "unsubscribed", "Abgemeldet"
        BOUNCED = "bounced", "Gesperrt: unzustellbar"
        COMPLAINED = "complained", "Gesperrt: Spam-Beschwerde"

    email = models.EmailField("E-Mail-Adresse", max_length=254)
    first_name = models.CharField("Vorname", max_length=100, blank=True)
    status = models.CharField(
        "Status",
        max_length=12,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
        help_text=(
            "Gesperrte Adressen (unzustellbar oder Spam-Beschwerde) bekommen keine Mail mehr, "
            "auch keine Testmail, bis die Person sich neu anmeldet und den Link in der "
            "Bestätigungsmail anklickt – nach einer Beschwerde genauso."
        ),
    )
    # Proof of consent (GDPR art. 7(1)): what was agreed to, where and when.
    consent_text = models.TextField("Einwilligungstext")
    consent_version = models.PositiveIntegerField("Version der Einwilligung")
    consent_page = models.CharField(
        "Seite der Anmeldung", max_length=500, blank=True, help_text="Pfad der Seite mit der Form."
    )
    created_at = models.DateTimeField(
        "Angemeldet", default=timezone.now, help_text="Zeitpunkt der (letzten) Anmeldung."
    )
    confirmation_sent_at = models.DateTimeField(
        "Bestätigungsmail verschickt", null=True, blank=True
    )
    confirmed_at = models.DateTimeField("Bestätigt", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("Abgemeldet", null=True, blank=True)
    # Claimed just before the welcome mail goes out; older than confirmed_at: not yet this round.
    welcome_sent_at = models.DateTimeField(
        "Willkommensmail verschickt", null=True, blank=True, editable=False
    )
    # Mail bookkeeping: a requested confirmation mail not yet sent, and the daily cap.
    confirmation_requested_at = models.DateTimeField(
        "Bestätigungsmail angefordert", null=True, blank=True, editable=False
    )
    confirmation_mails_in_window = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmation_window_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    topics = models.ManyToManyField(
        Topic,
        verbose_name="Themen",
        blank=True,
        related_name="subscribers",
        help_text="Keine Auswahl: alle Ausgaben.",
    )
    topics_changed_at = models.DateTimeField("Themen gewählt", null=True, blank=True)
    # A known address signing up again starts a round whose name and proof anyone could have
    # typed: they wait here until the mailbox's owner confirms that round (services.py).
    pending_round = models.JSONField(
        "Neue Anmeldung, noch unbestätigt",
        null=True,
        blank=True,
        editable=False,
        help_text="Vorname, Einwilligung, Themen einer erneuten Anmeldung bis zur Bestätigung.",
    )
    # Deliverability (newsletter/suppression.py): why and since when an address is blocked.
    soft_bounces = models.PositiveSmallIntegerField(
        "Vorübergehende Bounces in Folge",
        default=0,
        editable=False,
        help_text="Ab 3 in Folge wird die Adresse gesperrt; eine Zustellung setzt zurück.",
    )
    suppressed_at = models.DateTimeField("Gesperrt seit", null=True, blank=True, editable=False)
    suppression_reason = models.CharField(
        "Grund der Sperre", max_length=500, blank=True, editable=False
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "Abonnent"
        verbose_name_plural = "Abonnenten"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_ci_unique",
                violation_error_message="Diese E-Mail-Adresse ist schon eingetragen.",
            )
        ]

    def __str__(self):
        return self.email

    @property
    def round_started_at(self):
        """When the opt-in round a confirm link belongs to began: the open round, else the last."""
        started = self.pending_round and self.pending_round["started_at"]
        return datetime.fromisoformat(started) if started else self.created_at

    @property
    def round_first_name(self):
        """The name the confirmation mail greets: the one given in the open round."""
        return self.pending_round["first_name"] if self.pending_round else self.first_name

    def personal_data(self):
        """Everything stored about this address, for GDPR art. 15 and 20 (JSON-ready).

        Rows of other models pointing here (deliveries of editions) are found through the
        model's relations, so a new kind of record is included without touching this.
        """
        data = {
            field.name: _json_value(getattr(self, field.attname))
            for field in self._meta.concrete_fields
        }
        data["status"] = self.get_status_display()
        for field in self._meta.many_to_many:
            data[field.name] = [str(row) for row in getattr(self, field.name).all()]
        for relation in self._meta.related_objects:
            if relation.one_to_many or relation.one_to_one:
                rows = relation.related_model._default_manager.filter(**{relation.field.name: self})
                data[str(relation.related_model._meta.verbose_name_plural)] = [
                    {
                        field.name: _json_value(getattr(row, field.attname))
                        for field in row._meta.concrete_fields
                        if field is not relation.field
                    }
                    for row in rows
                ]
        return data


SUPPRESSED = (Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED)


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


# --- Editions and their deliveries (nl-editions) -----------------------------------------


class EditionQuerySet(models.QuerySet):
    def sent(self):
        """Editions that went out (or are going out): the archive shows them, drafts never."""
        return self.filter(status__in=[Edition.Status.SENDING, Edition.Status.SENT])


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Entwurf"
        SCHEDULED = "scheduled", "Geplant"
        SENDING = "sending", "Wird versendet"
        SENT = "sent", "Versendet"

    subject = models.CharField(
        "Betreff", max_length=150, help_text="Steht im Postfach und als Titel im Archiv."
    )
    body = RichTextField(
        "Text",
        blank=True,
        help_text="Die Anrede („Hallo Vorname,“) und der Abmeldelink kommen automatisch dazu.",
    )
    include_articles = models.BooleanField(
        "Neue Artikel anhängen",
        default=True,
        help_text="Die seit der letzten Ausgabe veröffentlichten Artikel (höchstens 10) folgen "
        "dem Text; vor der ersten Ausgabe die der letzten 30 Tage.",
    )
    include_quote = models.BooleanField("Zitat des Monats anhängen", default=True)
    topics = models.ManyToManyField(
        Topic,
        verbose_name="Nur für diese Themen",
        blank=True,
        related_name="editions",
        help_text="Keine Auswahl: an alle. Sonst an alle, die eines dieser Themen oder gar "
        "keines gewählt haben.",
    )
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("Geändert", auto_now=True)
    # Set together with status "scheduled" by the send page's schedule step.
    scheduled_for = models.DateTimeField("Geplant für", null=True, blank=True, editable=False)
    started_at = models.DateTimeField("Versand begonnen", null=True, blank=True, editable=False)
    sent_at = models.DateTimeField("Versand abgeschlossen", null=True, blank=True, editable=False)
    # Frozen when sending starts, so every mail and the archive show the same appendix.
    articles = models.ManyToManyField(
        "blog.Article", verbose_name="Angehängte Artikel", blank=True, editable=False
    )
    quote = models.ForeignKey(
        "quotes.Quote",
        verbose_name="Angehängtes Zitat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "Ausgabe"
        verbose_name_plural = "Ausgaben"
        ordering = ["-created_at", "-id"]
        permissions = [("send_edition", "Darf Ausgaben versenden")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:edition-detail", kwargs={"pk": self.pk})

    @property
    def not_started(self):
        """A draft or a scheduled edition: the author may still change it; nobody has it."""
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class Delivery(models.Model):
    """One edition for one subscriber: the row that makes sure nobody gets it twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Offen"
        SENDING = "sending", "Wird zugestellt"
        SENT = "sent", "Gesendet"
        FAILED = "failed", "Fehlgeschlagen"
        SKIPPED = "skipped", "Übersprungen (abgemeldet oder gesperrt)"

    edition = models.ForeignKey(
        Edition, verbose_name="Ausgabe", on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, verbose_name="Abonnent", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("Versuche", default=0)
    last_error = models.TextField("Letzter Fehler", blank=True)
    next_attempt_at = models.DateTimeField("Nächster Versuch ab", default=timezone.now)
    last_attempt_at = models.DateTimeField("Letzter Versuch", null=True, blank=True)
    sent_at = models.DateTimeField("Gesendet", null=True, blank=True)

    class Meta:
        verbose_name = "Zustellung"
        verbose_name_plural = "Zustellungen"
        ordering = ["edition", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["edition", "status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.edition} → {self.subscriber}"
