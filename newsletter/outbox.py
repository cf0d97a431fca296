"""Handing mail to the mail server: the confirmation mail, an edition's batches, retries.

Delivery is at most once. A mail's Delivery is claimed (pending → sending, committed) just
before the mail is handed to the mail server; once the server has taken it, it is marked
sent in the same commit as the next claim (one commit per mail, as each commit waits for
the disk). A refusal is recorded at once: pending again after a pause, or failed. A crash
anywhere else leaves rows that a restart sends as if nothing happened. A crash between
handing a mail over and that commit leaves one row per worker in "sending"; that one is
given up as failed (unclear) instead of sent again, since a missing copy can be forwarded
by hand but a second copy can never be taken back. The other way round (holding a row
lock over the SMTP dialogue, at least once) would also hold SQLite's one writer lock for
as long as a slow mail server takes, and every signup on the site would wait for it. The
claim is an UPDATE that only matches a pending row of a confirmed subscriber, so it is
the row lock on both databases: no lock is held while talking to the mail server, which
leaves SELECT … FOR UPDATE SKIP LOCKED nothing to skip. What remains is SMTP's own gap
(RFC 1047): a server that drops the connection right after taking the message but before
saying so gets it once more.

The confirmation mail is claimed the same way, by clearing its request in one UPDATE.
"""

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from newsletter import suppression, tokens
from newsletter.models import Delivery, Edition, Subscriber
from newsletter.rendering import confirmation_message, edition_content, edition_message

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(minutes=15)
BATCH_SECONDS = 10  # one batch holds about this much of the throttle's budget
BATCH_MAX = 500
MAX_ATTEMPTS = 10  # for one address's temporary refusals: about an hour and a half
INTERRUPTED_AFTER = timedelta(minutes=5)  # far longer than one SMTP dialogue may take
STALLED_AFTER = timedelta(minutes=2)
DATABASE_PATIENCE = timedelta(minutes=10)  # to write down a mail the server has taken
DATABASE_GONE = (OperationalError, InterfaceError)
INTERRUPTED_ERROR = (
    "Der Versand wurde mitten in dieser Mail unterbrochen; ob sie ankam, ist unklar. "
    "Sie wird nicht noch einmal gesendet, damit niemand die Ausgabe doppelt bekommt."
)


# --- Retry policy ------------------------------------------------------------------------


def retry_delay(attempt):
    """30 s, 1 min, 2 min, 4 min, 8 min, then every 15 min until the mail server answers."""
    # The exponent stops growing once past the cap, so days of outage cannot overflow.
    return min(FIRST_RETRY * 2 ** min(attempt, 10), MAX_RETRY)


def _smtp_code(error):
    """The server's reply code, or None when there was no answer (the connection broke)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return min(code for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


# --- The confirmation mail ---------------------------------------------------------------


def confirmation_mail_send(*, subscriber_id, attempt=0):
    """Sends the pending confirmation mail of one address, at most once per request.

    Returns (outcome, retry_at): when the mail server is unreachable the request is put
    back and `retry_at` says when to try again, else it is None.
    """
    subscriber = (
        Subscriber.objects.awaiting_confirmation()
        .filter(pk=subscriber_id, confirmation_requested_at__isnull=False)
        .first()
    )
    if subscriber is None:
        return "nichts zu senden", None
    requested_at = subscriber.confirmation_requested_at
    claimed = Subscriber.objects.filter(
        pk=subscriber_id, confirmation_requested_at=requested_at
    ).update(confirmation_requested_at=None)
    if not claimed:
        return "von einer anderen Aufgabe übernommen", None

    try:
        confirmation_message(subscriber).send()
    except suppression.SEND_ERRORS as error:
        # A 5xx answer for the recipient will not change by waiting; everything else
        # (connection refused, timeouts, 4xx) is an outage worth waiting out.
        if suppression.refused_for_good(error):
            logger.warning("Bestätigungsmail an #%s abgewiesen: %s", subscriber_id, error)
            suppression.refusal_record(email=subscriber.email, error=error)
            return "abgewiesen", None
        Subscriber.objects.awaiting_confirmation().filter(
            pk=subscriber_id, confirmation_requested_at__isnull=True
        ).update(confirmation_requested_at=requested_at)
        delay = retry_delay(attempt)
        logger.warning(
            "Bestätigungsmail an #%s nicht zugestellt (%s), neuer Versuch in %s",
            subscriber_id,
            error,
            delay,
        )
        return "später erneut", timezone.now() + delay
    Subscriber.objects.filter(pk=subscriber_id).update(confirmation_sent_at=timezone.now())
    return "gesendet", None


# --- An edition's batches ----------------------------------------------------------------


def batch_size(mails_per_minute):
    return max(1, min(BATCH_MAX, mails_per_minute * BATCH_SECONDS // 60))


@dataclass(frozen=True)
class BatchResult:
    sent: int = 0
    failed: int = 0
    next_run_at: datetime | None = None  # None: the edition is done (or not sending)
    failures: int = 0  # batches in a row that could not reach the mail server

    def __str__(self):
        return f"{self.sent} gesendet, {self.failed} fehlgeschlagen"


def edition_send_batch(*, edition_id, failures=0):
    """Mails one batch of an edition and says when the next one may go."""
    edition = Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).first()
    if edition is None:
        return BatchResult()
    now = timezone.now()
    batch = _next_batch(edition, now)
    if not batch:
        return _wait_or_finish(edition, now)

    content = edition_content(edition)
    connection = get_connection()
    try:
        connection.open()
    except OSError as error:
        logger.warning("Ausgabe #%s: Mailserver nicht erreichbar (%s)", edition.pk, error)
        return BatchResult(next_run_at=now + retry_delay(failures), failures=failures + 1)
    try:
        sent, failed, connection_lost = _mail_batch(content, batch, connection)
    finally:
        connection.close()
    if connection_lost:
        return BatchResult(
            sent=sent,
            failed=failed,
            next_run_at=timezone.now() + retry_delay(failures),
            failures=failures + 1,
        )
    # The throttle: the next batch starts when this one's share of the minute is used up.
    paced = now + timedelta(seconds=(sent + failed) * 60 / settings.NEWSLETTER_MAILS_PER_MINUTE)
    return BatchResult(sent=sent, failed=failed, next_run_at=paced)


def _next_batch(edition, now):
    """Gives up interrupted mails, skips those who left, and picks the next due deliveries."""
    deliveries = edition.deliveries.all()
    deliveries.filter(
        status=Delivery.Status.SENDING, last_attempt_at__lt=now - INTERRUPTED_AFTER
    ).update(status=Delivery.Status.FAILED, last_error=INTERRUPTED_ERROR)
    deliveries.filter(status=Delivery.Status.PENDING).exclude(
        subscriber__status=Subscriber.Status.CONFIRMED
    ).update(status=Delivery.Status.SKIPPED)
    return list(
        deliveries.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("subscriber")
        .order_by("pk")[: batch_size(settings.NEWSLETTER_MAILS_PER_MINUTE)]
    )


def _mail_batch(content, batch, connection):
    """Mails each claimed delivery over `connection`: (sent, failed, connection lost)."""
    sent = failed = 0
    accepted = None  # taken by the server; marked sent in the same commit as the next claim
    try:
        for delivery in batch:
            subscriber = delivery.subscriber
            message = edition_message(
                content,
                email=subscriber.email,
                first_name=subscriber.first_name,
                unsubscribe_url=tokens.unsubscribe_url(subscriber),
                preferences_url=tokens.preferences_url(subscriber),
            )
            # One commit per mail: each commit waits for the disk (fsync on PostgreSQL).
            try:
                with transaction.atomic():
                    if accepted is not None:
                        _mark_sent(accepted)
                    claimed = _claim(delivery)
            except DATABASE_GONE:
                # Whether that commit went through is unknown; what is certain (the server
                # has `accepted`, `delivery` never left) is written once the database is back.
                _record_surely(sent=accepted, unsent=delivery)
                accepted = None
                raise
            accepted = None
            if not claimed:
                continue  # unsubscribed a moment ago, or taken by another worker
            try:
                connection.send_messages([message])
            except suppression.SEND_ERRORS as error:
                failed += 1
                if _settle_failure(delivery, error):
                    return sent, failed, True
            else:
                sent += 1
                accepted = delivery
    finally:
        if accepted is not None:
            _record_surely(sent=accepted)
    return sent, failed, False


def _mark_sent(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def _record_surely(*, sent=None, unsent=None):
    """Marks `sent` sent and puts `unsent` back, waiting out a database outage to do so.

    Left undone, both would stay "sending" and end as unclear: one mail counted as lost
    although it arrived, the other never sent. Idempotent, so retrying is safe.
    """
    give_up = time.monotonic() + DATABASE_PATIENCE.total_seconds()
    wait = 1
    while True:
        try:
            if sent is not None:
                _mark_sent(sent)
            if unsent is not None:
                Delivery.objects.filter(pk=unsent.pk, status=Delivery.Status.SENDING).update(
                    status=Delivery.Status.PENDING
                )
            return
        except DATABASE_GONE:
            if time.monotonic() > give_up:
                raise
            db_connection.close()
            time.sleep(wait)
            wait = min(2 * wait, 30)


def _claim(delivery):
    return Delivery.objects.filter(
        pk=delivery.pk,
        status=Delivery.Status.PENDING,
        subscriber__status=Subscriber.Status.CONFIRMED,
    ).update(
        status=Delivery.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
    )


def _settle_failure(delivery, error):
    """Records a refused mail; returns whether the connection to the server is gone."""
    code = _smtp_code(error)
    refused = suppression.refused_for_good(error)
    connection_lost = not refused and (code is None or code == 421)
    attempts = delivery.attempts + 1
    if refused:
        # This address will not take mail: it gets none from now on (suppression.py).
        suppression.refusal_record(email=delivery.subscriber.email, error=error)
        status, next_attempt_at = Delivery.Status.FAILED, delivery.next_attempt_at
    elif connection_lost:
        # Not this address's fault: it waits for the server without using up its attempts.
        status, next_attempt_at = Delivery.Status.PENDING, timezone.now()
    elif code >= 500 or attempts >= MAX_ATTEMPTS:
        status, next_attempt_at = Delivery.Status.FAILED, delivery.next_attempt_at
    else:
        status, next_attempt_at = Delivery.Status.PENDING, timezone.now() + retry_delay(attempts)
    logger.warning("Zustellung #%s nicht angenommen: %s", delivery.pk, error)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, next_attempt_at=next_attempt_at, last_error=str(error)[:1000]
    )
    return connection_lost


def _wait_or_finish(edition, now):
    left = edition.deliveries.aggregate(
        next_due=Min("next_attempt_at", filter=Q(status=Delivery.Status.PENDING)),
        in_flight=Count("pk", filter=Q(status=Delivery.Status.SENDING)),
    )
    if left["next_due"] is not None:
        return BatchResult(next_run_at=max(left["next_due"], now))
    if left["in_flight"]:
        # Another worker is in the middle of a mail, or crashed there: look again later.
        return BatchResult(next_run_at=now + INTERRUPTED_AFTER)
    Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
        status=Edition.Status.SENT, sent_at=now
    )
    return BatchResult()


# --- Watching it -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    sent: int
    pending: int
    failed: int
    skipped: int
    retrying: int
    stalled: bool

    @property
    def total(self):
        return self.sent + self.pending + self.failed + self.skipped

    @property
    def percent(self):
        return round(100 * (self.total - self.pending) / self.total) if self.total else 100


def edition_progress(edition):
    """Counts for the admin and the command, in one query."""
    status = Delivery.Status
    counts = edition.deliveries.aggregate(
        sent=Count("pk", filter=Q(status=status.SENT)),
        pending=Count("pk", filter=Q(status__in=[status.PENDING, status.SENDING])),
        failed=Count("pk", filter=Q(status=status.FAILED)),
        skipped=Count("pk", filter=Q(status=status.SKIPPED)),
        retrying=Count("pk", filter=Q(status=status.PENDING, attempts__gt=0)),
        next_due=Min("next_attempt_at", filter=Q(status=status.PENDING)),
        last_attempt=Max("last_attempt_at"),
    )
    # Stalled: mail has been due for a while and nobody has tried any (no worker running?).
    quiet_since = timezone.now() - STALLED_AFTER
    stalled = (
        edition.status == Edition.Status.SENDING
        and counts["next_due"] is not None
        and counts["next_due"] < quiet_since
        and (counts["last_attempt"] is None or counts["last_attempt"] < quiet_since)
    )
    return Progress(
        sent=counts["sent"],
        pending=counts["pending"],
        failed=counts["failed"],
        skipped=counts["skipped"],
        retrying=counts["retrying"],
        stalled=stalled,
    )
