"""Every write with rules in the newsletter: subscribing, confirming, leaving, erasing, and
starting an edition. Keyword-only, each in a transaction; mail goes out through the tasks
they queue in that same transaction.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.richtext import html_to_text
from newsletter import suppression, tokens
from newsletter.models import (
    UNCONFIRMED_RETENTION,
    Delivery,
    Edition,
    SignupBox,
    Subscriber,
    Topic,
)
from newsletter.rendering import (
    articles_since_last_edition,
    edition_content,
    edition_message,
    welcome_content,
)
from newsletter.tasks import send_confirmation_mail, send_edition_batch, send_welcome_mail
from quotes.models import Quote

# --- Subscribing (nl-subscribe) ----------------------------------------------------------

CONFIRMATION_MAILS_PER_DAY = 3
_CAP_WINDOW = timedelta(days=1)


def _consent_box(version):
    """The box version the visitor saw (a cached page may show an older one), else current."""
    if version is not None:
        box = SignupBox.objects.filter(version=version).first()
        if box is not None:
            return box
    return SignupBox.objects.current_saved()


def _arm_confirmation_mail(subscriber, *, now):
    """Marks a confirmation mail as due unless the address had its 3 mails in the last day.

    The caller saves the subscriber and then calls `_enqueue_confirmation_mail`.
    """
    window_start = subscriber.confirmation_window_started_at
    if window_start is None or now - window_start >= _CAP_WINDOW:
        subscriber.confirmation_window_started_at = now
        subscriber.confirmation_mails_in_window = 0
    if subscriber.confirmation_mails_in_window >= CONFIRMATION_MAILS_PER_DAY:
        return False
    subscriber.confirmation_mails_in_window += 1
    subscriber.confirmation_requested_at = now
    return True


def _enqueue_confirmation_mail(subscriber):
    # With the database task backend the task row commits together with the subscriber, so
    # a crash can lose neither; the task itself makes sure only one mail goes out.
    send_confirmation_mail.enqueue(subscriber.pk)


def _start_opt_in(subscriber, *, box, first_name, consent_page):
    subscriber.first_name = first_name
    subscriber.consent_text = box.consent_text
    subscriber.consent_version = box.version
    subscriber.consent_page = consent_page


def _round_is_open(subscriber, now):
    started = subscriber.pending_round and subscriber.round_started_at
    return bool(started) and now - started < UNCONFIRMED_RETENTION


@transaction.atomic
def subscriber_subscribe(*, email, first_name="", consent_version=None, consent_page="", topics=()):
    """Starts the double opt-in for a new address; for a known one, mails the link again.

    A signup for a known address changes nothing the address's owner gave: anyone may type
    it in. An address that left (or bounced) gets a new round whose name and proof wait in
    `pending_round` until that round is confirmed. The caller shows the same answer
    whatever happens here, so nobody learns from the page whether an address is on the
    list. Returns the subscriber.
    """
    email = email.strip()
    now = timezone.now()
    box = _consent_box(consent_version)
    subscriber = Subscriber.objects.select_for_update().by_email(email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email, created_at=now, topics_changed_at=now)
        _start_opt_in(subscriber, box=box, first_name=first_name, consent_page=consent_page)
        _arm_confirmation_mail(subscriber, now=now)
        try:
            # Two signups of one new address at once: the unique index decides, the loser
            # continues with the winner's row.
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:
            return Subscriber.objects.select_for_update().by_email(email).get()
        if topics:
            subscriber.topics.set(topics)
        _enqueue_confirmation_mail(subscriber)
        return subscriber

    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber  # nothing to confirm; only the subscriber's own page changes data
    if subscriber.status != Subscriber.Status.PENDING and not _round_is_open(subscriber, now):
        subscriber.pending_round = {
            "started_at": now.isoformat(),
            "first_name": first_name,
            "consent_version": box.version,
            "consent_page": consent_page,
            "topics": [topic.slug for topic in topics],
        }
    mail_due = _arm_confirmation_mail(subscriber, now=now)
    subscriber.save()
    if mail_due:
        _enqueue_confirmation_mail(subscriber)
    return subscriber


def _open_round(subscriber_id, round_stamp):
    """The subscriber (locked) when `round_stamp` is its open opt-in round, else None."""
    subscriber = (
        Subscriber.objects.awaiting_confirmation()
        .select_for_update()
        .filter(pk=subscriber_id)
        .first()
    )
    if subscriber is None or not tokens.matches_round(subscriber, round_stamp):
        return None
    return subscriber


@transaction.atomic
def subscriber_request_confirmation(*, subscriber_id, round_stamp):
    """A new confirmation mail for a still open round (expired link); same daily cap."""
    subscriber = _open_round(subscriber_id, round_stamp)
    if subscriber is None or not _arm_confirmation_mail(subscriber, now=timezone.now()):
        return False
    subscriber.save()
    _enqueue_confirmation_mail(subscriber)
    return True


def _take_pending_round(subscriber):
    """The confirmed round's name and proof become the subscriber's."""
    round_ = subscriber.pending_round
    box = _consent_box(round_["consent_version"])
    _start_opt_in(
        subscriber, box=box, first_name=round_["first_name"], consent_page=round_["consent_page"]
    )
    subscriber.created_at = subscriber.topics_changed_at = subscriber.round_started_at
    subscriber.topics.set(Topic.objects.filter(slug__in=round_["topics"]))
    subscriber.unsubscribed_at = None
    subscriber.pending_round = None
    # A blocked address confirmed a new round: its mailbox takes mail again.
    subscriber.soft_bounces = 0
    subscriber.suppressed_at = None
    subscriber.suppression_reason = ""


@transaction.atomic
def subscriber_confirm(*, subscriber_id, round_stamp):
    """Confirms the opt-in round the link was made for.

    Returns the subscriber when it is confirmed (now or before), else None.
    """
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None or not tokens.matches_round(subscriber, round_stamp):
        return None
    now = timezone.now()
    if subscriber.pending_round:
        _take_pending_round(subscriber)
    elif subscriber.status != Subscriber.Status.PENDING:
        return subscriber if subscriber.status == Subscriber.Status.CONFIRMED else None
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = now
    subscriber.confirmation_requested_at = None
    subscriber.save()
    send_welcome_mail.enqueue(subscriber.pk)
    return subscriber


@transaction.atomic
def subscriber_update_preferences(*, subscriber_id, first_name, topics):
    """A confirmed subscriber's own page: first name and topics, with the time topics change.

    Returns the subscriber, or None when the address is not (or no longer) confirmed.
    """
    subscriber = Subscriber.objects.confirmed().select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    subscriber.first_name = first_name
    if {topic.pk for topic in topics} != set(subscriber.topics.values_list("pk", flat=True)):
        subscriber.topics.set(topics)
        subscriber.topics_changed_at = timezone.now()
    subscriber.save(update_fields=["first_name", "topics_changed_at"])
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber_id):
    """Withdraws consent at once. The row stays as a block list entry: status unsubscribed
    never receives an edition. Returns the subscriber, or None for an unknown id."""
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
    # An open round ends too: a confirmation mail still waiting must not go out any more.
    subscriber.confirmation_requested_at = None
    subscriber.pending_round = None
    subscriber.save(
        update_fields=["status", "unsubscribed_at", "confirmation_requested_at", "pending_round"]
    )
    return subscriber


@transaction.atomic
def subscriber_erase(*, subscriber):
    """Deletes everything stored about one address (GDPR art. 17), deliveries included.

    Returns the number of deleted rows per model, as Django's delete() reports them.
    """
    _, per_model = subscriber.delete()
    return per_model


def subscriber_cleanup_unconfirmed(*, now=None):
    """Deletes signups never confirmed within 30 days and forgets such repeated signups.

    Returns how many addresses were deleted.
    """
    now = now or timezone.now()
    deleted, _ = Subscriber.objects.unconfirmed_expired(now).delete()
    # Few rows: a JSON timestamp is compared in Python rather than per database.
    for subscriber in Subscriber.objects.filter(pending_round__isnull=False):
        if not _round_is_open(subscriber, now):
            Subscriber.objects.filter(pk=subscriber.pk).update(
                pending_round=None, confirmation_requested_at=None
            )
    return deleted


# --- Editions (nl-editions) --------------------------------------------------------------


class EditionError(Exception):
    """An edition that cannot be sent as asked; the message is German, for the author."""


def edition_send(*, edition, enqueue=True):
    """Starts sending to every confirmed subscriber, or resumes a send that stopped.

    Freezes the appendix, creates the deliveries and queues the first batch for the task
    worker (`enqueue=False` leaves the batches to the caller, as `send_edition` does).
    """
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status == Edition.Status.SENT:
            raise EditionError("Diese Ausgabe ist schon an alle versendet.")
        if edition.not_started:  # a scheduled edition sent now goes out now
            _start(edition)
        if enqueue:
            transaction.on_commit(lambda: send_edition_batch.enqueue(edition.pk))
    return edition


def edition_refuse_empty(edition, *, articles, quote):
    """Raises EditionError for an edition with neither text nor anything appended."""
    has_body = html_to_text(edition.body) or "<img" in edition.body
    if not has_body and not articles and not quote:
        raise EditionError(
            "Die Ausgabe ist leer: Bitte schreiben Sie einen Text oder hängen Sie neue "
            "Artikel oder das Zitat des Monats an."
        )


def _start(edition):
    now = timezone.now()
    articles = articles_since_last_edition(edition, until=now) if edition.include_articles else []
    quote = Quote.objects.current() if edition.include_quote else None
    edition_refuse_empty(edition, articles=articles, quote=quote)
    edition.articles.set(articles)
    edition.quote = quote
    edition.status = Edition.Status.SENDING
    edition.started_at = now
    edition.save(update_fields=["quote", "status", "started_at", "updated_at"])
    subscriber_ids = list(Subscriber.objects.recipients_of(edition).values_list("pk", flat=True))
    for start in range(0, len(subscriber_ids), 1000):
        Delivery.objects.bulk_create(
            [
                Delivery(edition=edition, subscriber_id=pk, next_attempt_at=now)
                for pk in subscriber_ids[start : start + 1000]
            ],
            ignore_conflicts=True,
        )


def edition_send_test(*, edition, email, first_name=""):
    """One mail to the author, now and outside the queue; it leaves no Delivery behind."""
    _send_test(edition_content(edition, subject_prefix="[Test] "), email, first_name)


def welcome_send_test(*, welcome, email, first_name=""):
    """The welcome mail to the author, now and outside the queue; it records nothing."""
    _send_test(welcome_content(welcome, subject_prefix="[Test] "), email, first_name)


def _send_test(content, email, first_name):
    if not email:
        raise EditionError(
            "Ihr Benutzerkonto hat keine E-Mail-Adresse. Bitte tragen Sie unter „Benutzer“ "
            "eine ein, dann kommt die Testmail dorthin."
        )
    if suppression.is_suppressed(email):
        raise EditionError(
            f"An {email} geht keine Mail mehr: Die Adresse ist nach einem Bounce oder einer "
            "Spam-Beschwerde gesperrt. Sie wird erst wieder frei, wenn sie sich neu anmeldet "
            "und bestätigt."
        )
    subscriber = Subscriber.objects.confirmed().by_email(email).first()
    message = edition_message(
        content,
        email=email,
        first_name=first_name,
        unsubscribe_url=(
            tokens.unsubscribe_url(subscriber) if subscriber else tokens.preview_unsubscribe_url()
        ),
        preferences_url=(
            tokens.preferences_url(subscriber) if subscriber else tokens.preview_preferences_url()
        ),
        one_click=subscriber is not None,
    )
    try:
        message.send()
    except suppression.SEND_ERRORS as error:
        if suppression.refused_for_good(error):
            suppression.refusal_record(email=email, error=error)
        raise EditionError(f"Der Mailserver hat die Testmail nicht angenommen: {error}") from error
