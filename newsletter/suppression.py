"""Addresses that bounce or complain get no more mail: the rules and their record.

Two ways in: the SMTP server refusing a recipient for good (5xx, outbox.py) and a mail
service's tracking webhooks (django-anymail's `tracking` signal, connected in apps.py).
A permanent bounce or a complaint blocks an address at once; temporary bounces block it
after three in a row, and a delivery in between starts the count again. Every event that
counts is kept as a MailEvent (in the GDPR export, deleted with the subscriber). A blocked
address gets nothing until its owner signs up again and confirms (services.py).
"""

import logging
import smtplib

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from anymail.signals import EventType, RejectReason
from django.db import transaction
from django.utils import timezone

from newsletter.models import SUPPRESSED, MailEvent, Subscriber

logger = logging.getLogger(__name__)

SOFT_BOUNCES_TO_SUPPRESS = 3
Kind = MailEvent.Kind
Status = Subscriber.Status
# Still mailable, so an event can block them; unsubscribed ones stay unsubscribed (their
# withdrawal says more), and a complaint outranks an earlier bounce.
_BLOCKABLE = {
    Status.BOUNCED: (Status.PENDING, Status.CONFIRMED),
    Status.COMPLAINED: (Status.PENDING, Status.CONFIRMED, Status.BOUNCED),
}
# Enhanced status codes about the message or the sender rather than the mailbox: a 5xx at
# DATA with one of these (a spam filter, a size limit) says nothing about the address.
_NOT_THE_ADDRESS = ("5.3.", "5.6.", "5.7.")


@transaction.atomic
def mail_event_record(*, email, kind, source, reason="", occurred_at=None, event_id=""):
    """Records one event for the subscriber with this address and applies its rule.

    Returns the subscriber, or None when the address is not (or no longer) on the list.
    A mail service repeating a webhook changes nothing the second time.
    """
    subscriber = Subscriber.objects.select_for_update().by_email(email).first()
    if subscriber is None:
        return None
    events = subscriber.mail_events
    if event_id and events.filter(source=source, event_id=event_id).exists():
        return subscriber
    if kind == Kind.DELIVERED and not subscriber.soft_bounces:
        return subscriber  # nothing to reset, and plain deliveries are not stored
    reason = reason[:500]
    event = events.create(
        kind=kind,
        source=source,
        reason=reason,
        occurred_at=occurred_at or timezone.now(),
        event_id=event_id[:200],
    )
    if kind == Kind.DELIVERED:
        subscriber.soft_bounces = 0
    elif kind == Kind.SOFT_BOUNCE:
        subscriber.soft_bounces += 1
        if subscriber.soft_bounces >= SOFT_BOUNCES_TO_SUPPRESS:
            why = f"{subscriber.soft_bounces} vorübergehende Bounces in Folge"
            _block(subscriber, Status.BOUNCED, why, event)
    else:
        blocked_as = Status.COMPLAINED if kind == Kind.COMPLAINT else Status.BOUNCED
        _block(subscriber, blocked_as, event.get_kind_display(), event)
    subscriber.save(
        update_fields=[
            "status",
            "soft_bounces",
            "suppressed_at",
            "suppression_reason",
            "confirmation_requested_at",
        ]
    )
    return subscriber


def _block(subscriber, status, why, event):
    if subscriber.status not in _BLOCKABLE[status]:
        return
    detail = f": {event.reason}" if event.reason else ""
    subscriber.status = status
    subscriber.suppressed_at = timezone.now()
    subscriber.suppression_reason = f"{why} ({event.source}){detail}"[:500]
    # A confirmation mail still waiting must not go out to a blocked address either.
    subscriber.confirmation_requested_at = None
    logger.info("Adresse #%s gesperrt: %s", subscriber.pk, subscriber.suppression_reason)


# --- SMTP --------------------------------------------------------------------------------

# What sending one mail may raise: smtplib's errors and a broken connection are OSErrors
# (so are anymail's HTTP errors); a service refusing the recipient is anymail's own.
SEND_ERRORS = (OSError, AnymailAPIError, AnymailRecipientsRefused)


def refused_for_good(error):
    """Whether a send error is a permanent refusal of the (single) recipient."""
    if isinstance(error, AnymailRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return min(code for code, _ in error.recipients.values()) >= 500
    if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:
        reply = error.smtp_error.decode(errors="replace") if error.smtp_error else ""
        return not reply.startswith(_NOT_THE_ADDRESS)
    return False


def refusal_record(*, email, error):
    """Blocks an address its mail server (or mail service) refused for good."""
    source = getattr(error, "esp_name", None) or "smtp"  # anymail's errors name the service
    return mail_event_record(
        email=email, kind=Kind.REFUSED, source=source, reason=_reply_text(error)
    )


def _reply_text(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = min(error.recipients.values())
        return f"{code} {reply.decode(errors='replace')}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return str(error)


# --- Mail services (django-anymail tracking webhooks) ------------------------------------


def tracking_received(sender, event, esp_name, **kwargs):
    """anymail's `tracking` signal: one normalized event from a service's webhook."""
    kind = _kind(event)
    if kind is None or not event.recipient:
        return
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    # Mailjet names the reason only in its own fields ("error", "comment").
    parts = (
        (event.description, event.mta_response)
        if event.description or event.mta_response
        else (raw.get("error"), raw.get("comment"))
    )
    reason = " – ".join(str(part) for part in parts if part) or str(event.reject_reason or "")
    mail_event_record(
        email=event.recipient,
        kind=kind,
        source=esp_name,
        reason=reason,
        occurred_at=event.timestamp,
        event_id=str(event.event_id or ""),
    )


def _kind(event):
    if event.event_type == EventType.COMPLAINED:
        return Kind.COMPLAINT
    if event.event_type == EventType.DELIVERED:
        return Kind.DELIVERED
    if event.event_type == EventType.BOUNCED:
        return Kind.SOFT_BOUNCE if _is_temporary(event.esp_event) else Kind.HARD_BOUNCE
    if event.event_type == EventType.REJECTED and event.reject_reason in (
        RejectReason.BOUNCED,
        RejectReason.INVALID,
    ):
        # The service refuses to send because it knows the address bounces.
        return Kind.HARD_BOUNCE
    return None  # opens, clicks, deferrals (the service retries by itself) and the like


def _is_temporary(raw):
    """anymail calls every bounce "bounced"; each service says in its own words which ones
    were only temporary (a full mailbox). Mailgun sends those as "deferred" already."""
    if not isinstance(raw, dict):
        return False
    ses_bounce = raw.get("bounce") if isinstance(raw.get("bounce"), dict) else {}
    return (
        raw.get("Type") == "SoftBounce"  # Postmark
        or raw.get("event") == "soft_bounce"  # Brevo
        or (raw.get("event") == "bounce" and raw.get("hard_bounce") is False)  # Mailjet
        or ses_bounce.get("bounceType") in ("Transient", "Undetermined")  # Amazon SES
    )


def is_suppressed(email):
    """Whether mail to this address must not go out (the author's test mail asks this)."""
    return Subscriber.objects.by_email(email).filter(status__in=SUPPRESSED).exists()
