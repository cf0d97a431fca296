import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from newsletter import tokens
from newsletter.models import Subscriber

logger = logging.getLogger(__name__)

# --- Subscribing (nl-subscribe) ----------------------------------------------------------

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(minutes=15)


def retry_delay(attempt):
    """30 s, 1 min, 2 min, 4 min, 8 min, then every 15 min until the mail server answers."""
    # The exponent stops growing once past the cap, so days of outage cannot overflow.
    return min(FIRST_RETRY * 2 ** min(attempt, 10), MAX_RETRY)


def _refused_for_good(error):
    # A 5xx answer for the recipient will not change by waiting; everything else
    # (connection refused, timeouts, 4xx) is an outage worth waiting out.
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return False


def _confirmation_message(subscriber):
    context = {
        "subscriber": subscriber,
        "confirm_url": tokens.confirm_url(subscriber),
        "valid_days": tokens.CONFIRM_MAX_AGE.days,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject="Bitte bestätigen Sie Ihre Anmeldung zur Elternpost",
        body=render_to_string("emails/confirm_subscription.txt", context),
        to=[subscriber.email],
    )
    message.attach_alternative(
        render_to_string("emails/confirm_subscription.html", context), "text/html"
    )
    return message


@task()
def send_confirmation_mail(subscriber_id, attempt=0):
    """Sends the pending confirmation mail of one address, at most once per request.

    The task claims the request by clearing `confirmation_requested_at` in one UPDATE, so
    two queued tasks for one request (a visitor asking again during an outage) cannot both
    send. When the mail server is unreachable the request is put back and the task queues
    itself again later: django-tasks-db does not retry on its own.
    """
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id,
        status=Subscriber.Status.PENDING,
        confirmation_requested_at__isnull=False,
    ).first()
    if subscriber is None:
        return "nichts zu senden"
    requested_at = subscriber.confirmation_requested_at
    claimed = Subscriber.objects.filter(
        pk=subscriber_id, confirmation_requested_at=requested_at
    ).update(confirmation_requested_at=None)
    if not claimed:
        return "von einer anderen Aufgabe übernommen"

    try:
        _confirmation_message(subscriber).send()
    except OSError as error:  # smtplib.SMTPException is an OSError, like "connection refused"
        if _refused_for_good(error):
            logger.warning("Bestätigungsmail an #%s abgewiesen: %s", subscriber_id, error)
            return "abgewiesen"
        Subscriber.objects.filter(
            pk=subscriber_id,
            status=Subscriber.Status.PENDING,
            confirmation_requested_at__isnull=True,
        ).update(confirmation_requested_at=requested_at)
        delay = retry_delay(attempt)
        logger.warning(
            "Bestätigungsmail an #%s nicht zugestellt (%s), neuer Versuch in %s",
            subscriber_id,
            error,
            delay,
        )
        send_confirmation_mail.using(run_after=timezone.now() + delay).enqueue(
            subscriber_id, attempt + 1
        )
        return "später erneut"
    Subscriber.objects.filter(pk=subscriber_id).update(confirmation_sent_at=timezone.now())
    return "gesendet"


# --- Editions (nl-editions) --------------------------------------------------------------


@task()
def send_edition_batch(edition_id, failures=0):
    """Mails one batch of an edition, then queues the next: the chain is the throttle.

    A batch that cannot reach the mail server queues the next one with the same backoff
    as confirmation mails, so an edition waits out an outage and then goes on.
    """
    # Imported here because sending imports this module to queue this task.
    from newsletter.sending import edition_send_batch

    result = edition_send_batch(edition_id=edition_id, failures=failures)
    if result.next_run_at is not None:
        send_edition_batch.using(run_after=result.next_run_at).enqueue(edition_id, result.failures)
    return str(result)
