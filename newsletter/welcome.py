"""The welcome mail: once per subscription round, right after confirming, by the worker.

A round is one confirmation: `Subscriber.welcome_sent_at` empty or older than
`confirmed_at` means this round's mail has not gone out. The claim sets it in one UPDATE
that only matches a confirmed subscriber of a round not yet welcomed, so a retried task, a
second worker, a second click on the confirm link or an unsubscribe a moment earlier cannot
lead to a second mail, or to one for someone who left. As with editions (outbox.py), a
crash between the claim and the mail server's answer loses that one mail, never doubles it.
"""

import logging

from django.db.models import F, Q
from django.utils import timezone

from newsletter import outbox, suppression, tokens
from newsletter.models import Subscriber, WelcomeMail
from newsletter.rendering import edition_message, welcome_content

logger = logging.getLogger(__name__)


def welcome_mail_send(*, subscriber_id, attempt=0):
    """Sends the welcome mail to a newly confirmed subscriber, at most once per round.

    Returns (outcome, retry_at): when the mail server is unreachable the claim is given back
    and `retry_at` says when to try again, else it is None.
    """
    welcome = WelcomeMail.objects.active()
    if welcome is None:
        return "keine Willkommensmail eingeschaltet", None
    subscriber = Subscriber.objects.confirmed().filter(pk=subscriber_id).first()
    if subscriber is None:
        return "nicht (mehr) angemeldet", None
    previous = subscriber.welcome_sent_at
    # Never earlier than the confirmation, even when this machine's clock is behind.
    claimed_at = max(timezone.now(), subscriber.confirmed_at)
    claimed = (
        Subscriber.objects.confirmed()
        .filter(Q(welcome_sent_at__isnull=True) | Q(welcome_sent_at__lt=F("confirmed_at")))
        .filter(pk=subscriber_id)
        .update(welcome_sent_at=claimed_at)
    )
    if not claimed:
        return "schon verschickt", None

    message = edition_message(
        welcome_content(welcome),
        email=subscriber.email,
        first_name=subscriber.first_name,
        unsubscribe_url=tokens.unsubscribe_url(subscriber),
        preferences_url=tokens.preferences_url(subscriber),
    )
    try:
        message.send()
    except suppression.SEND_ERRORS as error:
        Subscriber.objects.filter(pk=subscriber_id, welcome_sent_at=claimed_at).update(
            welcome_sent_at=previous
        )
        if suppression.refused_for_good(error):
            logger.warning("Willkommensmail an #%s abgewiesen: %s", subscriber_id, error)
            suppression.refusal_record(email=subscriber.email, error=error)
            return "abgewiesen", None
        delay = outbox.retry_delay(attempt)
        logger.warning(
            "Willkommensmail an #%s nicht zugestellt (%s), neuer Versuch in %s",
            subscriber_id,
            error,
            delay,
        )
        return "später erneut", timezone.now() + delay
    return "gesendet", None
