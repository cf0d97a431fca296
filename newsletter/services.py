from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from newsletter.models import SignupBox, Subscriber

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
    from newsletter.tasks import send_confirmation_mail  # tasks imports this module

    # With the database task backend the task row commits together with the subscriber, so
    # a crash can lose neither; the task itself makes sure only one mail goes out.
    send_confirmation_mail.enqueue(subscriber.pk)


def _start_opt_in(subscriber, *, box, first_name, consent_page):
    subscriber.first_name = first_name
    subscriber.consent_text = box.consent_text
    subscriber.consent_version = box.version
    subscriber.consent_page = consent_page


@transaction.atomic
def subscriber_subscribe(*, email, first_name="", consent_version=None, consent_page=""):
    """Starts or repeats the double opt-in for an address.

    The caller shows the same answer whatever happens here, so nobody learns from the
    page whether an address is on the list. Returns the subscriber.
    """
    email = email.strip()
    now = timezone.now()
    box = _consent_box(consent_version)
    subscriber = Subscriber.objects.select_for_update().by_email(email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email, created_at=now)
        _start_opt_in(subscriber, box=box, first_name=first_name, consent_page=consent_page)
        _arm_confirmation_mail(subscriber, now=now)
        try:
            # Two signups of one new address at once: the unique index decides, the loser
            # continues with the winner's row.
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:
            return Subscriber.objects.select_for_update().by_email(email).get()
        _enqueue_confirmation_mail(subscriber)
        return subscriber

    if subscriber.status == Subscriber.Status.CONFIRMED:
        # Already subscribed: nothing to confirm, and a form must not change a confirmed
        # subscriber's data.
        return subscriber

    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        # Consent was withdrawn; a new signup is a new consent with a new opt-in round.
        subscriber.status = Subscriber.Status.PENDING
        subscriber.created_at = now
        subscriber.confirmed_at = None
        subscriber.unsubscribed_at = None
        subscriber.confirmation_sent_at = None
    _start_opt_in(subscriber, box=box, first_name=first_name, consent_page=consent_page)
    mail_due = _arm_confirmation_mail(subscriber, now=now)
    subscriber.save()
    if mail_due:
        _enqueue_confirmation_mail(subscriber)
    return subscriber


@transaction.atomic
def subscriber_request_confirmation(*, subscriber_id):
    """A new confirmation mail for a pending address (expired link); same daily cap."""
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
        return False
    if not _arm_confirmation_mail(subscriber, now=timezone.now()):
        return False
    subscriber.save()
    _enqueue_confirmation_mail(subscriber)
    return True


@transaction.atomic
def subscriber_confirm(*, subscriber_id, round_stamp):
    """Confirms a pending address of the opt-in round the link was made for.

    Returns the subscriber when it is confirmed (now or before), else None.
    """
    from newsletter import tokens

    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None or not tokens.matches_round(subscriber, round_stamp):
        return None
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.confirmation_requested_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "confirmation_requested_at"])
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    return None


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
        # A confirmation mail still waiting for the mail server must not go out any more.
        subscriber.confirmation_requested_at = None
        subscriber.save(update_fields=["status", "unsubscribed_at", "confirmation_requested_at"])
    return subscriber


@transaction.atomic
def subscriber_erase(*, subscriber):
    """Deletes everything stored about one address (GDPR art. 17), deliveries included.

    Returns the number of deleted rows per model, as Django's delete() reports them.
    """
    _, per_model = subscriber.delete()
    return per_model


def subscriber_cleanup_unconfirmed(*, now=None):
    """Deletes signups never confirmed within 30 days; returns how many."""
    deleted, _ = Subscriber.objects.unconfirmed_expired(now).delete()
    return deleted
