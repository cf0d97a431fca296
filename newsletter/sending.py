"""Sending an edition: one Delivery per confirmed subscriber, mailed in throttled batches.

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
"""

import logging
import secrets
import smtplib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import Count, F, Max, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from blog.models import Article
from newsletter import mailtext, tokens
from newsletter.models import Delivery, Edition, Subscriber
from newsletter.tasks import retry_delay, send_edition_batch
from quotes.models import Quote

logger = logging.getLogger(__name__)

ARTICLES_MAX = 10
FIRST_EDITION_LOOKBACK = timedelta(days=30)
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

_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


class EditionError(Exception):
    """An edition that cannot be sent as asked; the message is German, for the author."""


# --- What an edition says ----------------------------------------------------------------


def articles_since_last_edition(edition, *, until):
    """Articles published after the previous edition went out (the first looks back 30 days)."""
    previous = (
        Edition.objects.exclude(pk=edition.pk)
        .filter(started_at__lt=until)
        .order_by("-started_at")
        .first()
    )
    since = previous.started_at if previous else until - FIRST_EDITION_LOOKBACK
    return list(
        Article.objects.published()
        .filter(published_at__gt=since, published_at__lte=until)
        .order_by("-published_at")[:ARTICLES_MAX]
    )


def appendix(edition):
    """(articles, quote) as sent; for a draft, as they would be if it went out now."""
    if edition.status == Edition.Status.DRAFT:
        articles = (
            articles_since_last_edition(edition, until=timezone.now())
            if edition.include_articles
            else []
        )
        return articles, (Quote.objects.current() if edition.include_quote else None)
    # Only what is still public: an article withdrawn later drops out of the archive too.
    articles = list(Article.objects.published().filter(edition=edition).order_by("-published_at"))
    return articles, edition.quote


@dataclass(frozen=True)
class EditionContent:
    """The mail as rendered once per batch, with stand-ins for its two personal parts.

    Only the greeting and the unsubscribe link differ between subscribers, so templates
    and CSS inlining run once per batch instead of once per mail.
    """

    subject: str
    text: str
    html: str
    stand_in: str

    def personal(self, *, first_name, unsubscribe_url):
        """(text, html) for one subscriber."""
        greeting = f"Guten Tag {first_name}," if first_name else "Guten Tag,"
        parts = []
        for part, quote in ((self.text, str), (self.html, escape)):
            part = part.replace(f"abmelden{self.stand_in}", quote(unsubscribe_url))
            parts.append(part.replace(f"anrede{self.stand_in}", quote(greeting)))
        return tuple(parts)


def edition_content(edition, *, subject_prefix=""):
    base = settings.SITE_URL
    web_url = base + edition.get_absolute_url()
    articles, quote = appendix(edition)
    stand_in = secrets.token_hex(8)
    context = {
        "subject": subject_prefix + edition.subject,
        "body_html": mark_safe(mailtext.mail_html(edition.body, base=base, web_url=web_url)),
        "body_text": mailtext.plain_text(edition.body, base=base),
        "articles": [
            {"title": a.title, "url": base + a.get_absolute_url(), "summary": a.summary}
            for a in articles
        ],
        "quote": quote,
        "web_url": web_url,
        "greeting": f"anrede{stand_in}",
        "unsubscribe_url": f"abmelden{stand_in}",
        "site_name": settings.SITE_NAME,
        "site_url": base,
    }
    return EditionContent(
        subject=context["subject"],
        text=render_to_string("emails/edition.txt", context),
        # Many mail clients drop <style>: its rules move into style attributes.
        html=_INLINER.inline(render_to_string("emails/edition.html", context)),
        stand_in=stand_in,
    )


def edition_message(content, *, email, first_name="", unsubscribe_url, one_click=True):
    text, html = content.personal(first_name=first_name, unsubscribe_url=unsubscribe_url)
    headers = {"List-Id": f"Elternpost <elternpost.{_site_host()}>"}
    if one_click:
        # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to this URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=content.subject, body=text, to=[email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def _site_host():
    return settings.SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]


def edition_send_test(*, edition, email, first_name=""):
    """One mail to the author, now and outside the queue; it leaves no Delivery behind."""
    if not email:
        raise EditionError(
            "Ihr Benutzerkonto hat keine E-Mail-Adresse. Bitte tragen Sie unter „Benutzer“ "
            "eine ein, dann kommt die Testmail dorthin."
        )
    subscriber = Subscriber.objects.confirmed().by_email(email).first()
    content = edition_content(edition, subject_prefix="[Test] ")
    message = edition_message(
        content,
        email=email,
        first_name=first_name,
        unsubscribe_url=(
            tokens.unsubscribe_url(subscriber)
            if subscriber
            else settings.SITE_URL + reverse("newsletter:edition-archive")
        ),
        one_click=subscriber is not None,
    )
    try:
        message.send()
    except OSError as error:  # smtplib.SMTPException is an OSError too
        raise EditionError(f"Der Mailserver hat die Testmail nicht angenommen: {error}") from error


# --- Sending to everyone -----------------------------------------------------------------


def edition_send(*, edition, enqueue=True):
    """Starts sending to every confirmed subscriber, or resumes a send that stopped.

    Freezes the appendix, creates the deliveries and queues the first batch for the task
    worker (`enqueue=False` leaves the batches to the caller, as `send_edition` does).
    """
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status == Edition.Status.SENT:
            raise EditionError("Diese Ausgabe ist schon an alle versendet.")
        if edition.status == Edition.Status.DRAFT:
            _start(edition)
        if enqueue:
            transaction.on_commit(lambda: send_edition_batch.enqueue(edition.pk))
    return edition


def _start(edition):
    now = timezone.now()
    articles = articles_since_last_edition(edition, until=now) if edition.include_articles else []
    quote = Quote.objects.current() if edition.include_quote else None
    has_body = strip_tags(edition.body).strip() or "<img" in edition.body
    if not has_body and not articles and not quote:
        raise EditionError(
            "Die Ausgabe ist leer: Bitte schreiben Sie einen Text oder hängen Sie neue "
            "Artikel oder das Zitat des Monats an."
        )
    edition.articles.set(articles)
    edition.quote = quote
    edition.status = Edition.Status.SENDING
    edition.started_at = now
    edition.save(update_fields=["quote", "status", "started_at", "updated_at"])
    subscriber_ids = list(Subscriber.objects.confirmed().values_list("pk", flat=True))
    for start in range(0, len(subscriber_ids), 1000):
        Delivery.objects.bulk_create(
            [
                Delivery(edition=edition, subscriber_id=pk, next_attempt_at=now)
                for pk in subscriber_ids[start : start + 1000]
            ],
            ignore_conflicts=True,
        )


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
    deliveries = edition.deliveries.all()
    deliveries.filter(
        status=Delivery.Status.SENDING, last_attempt_at__lt=now - INTERRUPTED_AFTER
    ).update(status=Delivery.Status.FAILED, last_error=INTERRUPTED_ERROR)
    deliveries.filter(status=Delivery.Status.PENDING).exclude(
        subscriber__status=Subscriber.Status.CONFIRMED
    ).update(status=Delivery.Status.SKIPPED)
    per_minute = settings.NEWSLETTER_MAILS_PER_MINUTE
    batch = list(
        deliveries.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("subscriber")
        .order_by("pk")[: batch_size(per_minute)]
    )
    if not batch:
        return _wait_or_finish(edition, now)

    content = edition_content(edition)
    connection = get_connection()
    try:
        connection.open()
    except OSError as error:
        logger.warning("Ausgabe #%s: Mailserver nicht erreichbar (%s)", edition.pk, error)
        return BatchResult(next_run_at=now + retry_delay(failures), failures=failures + 1)
    sent = failed = 0
    connection_lost = False
    accepted = None  # taken by the server; marked sent in the same commit as the next claim
    try:
        for delivery in batch:
            subscriber = delivery.subscriber
            message = edition_message(
                content,
                email=subscriber.email,
                first_name=subscriber.first_name,
                unsubscribe_url=tokens.unsubscribe_url(subscriber),
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
            except OSError as error:
                failed += 1
                connection_lost = _settle_failure(delivery, error)
                if connection_lost:
                    break
            else:
                sent += 1
                accepted = delivery
    finally:
        if accepted is not None:
            _record_surely(sent=accepted)
        connection.close()
    if connection_lost:
        return BatchResult(
            sent=sent,
            failed=failed,
            next_run_at=timezone.now() + retry_delay(failures),
            failures=failures + 1,
        )
    # The throttle: the next batch starts when this one's share of the minute is used up.
    paced = now + timedelta(seconds=(sent + failed) * 60 / per_minute)
    return BatchResult(sent=sent, failed=failed, next_run_at=paced)


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
    connection_lost = code is None or code == 421
    attempts = delivery.attempts + 1
    if connection_lost:
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


def _smtp_code(error):
    """The server's reply code, or None when there was no answer (the connection broke)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return min(code for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


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
