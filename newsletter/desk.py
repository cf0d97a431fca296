"""The newsletter's panel on the author's desk: subscribers and editions at a glance."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from newsletter.models import Edition, Subscriber

CHANGE_DAYS = 30


def can_see_subscribers(user):
    return user.has_perm("newsletter.view_subscriber")


def can_see_editions(user):
    return user.has_perm("newsletter.view_edition")


def subscribers_glance(*, now=None):
    """Confirmed subscribers and how their number changed in the last 30 days (one query)."""
    since = (now or timezone.now()) - datetime.timedelta(days=CHANGE_DAYS)
    counts = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=Q(status=Subscriber.Status.CONFIRMED)),
        joined=Count("pk", filter=Q(confirmed_at__gte=since)),
        left=Count("pk", filter=Q(unsubscribed_at__gte=since)),
    )
    return {**counts, "change": counts["joined"] - counts["left"], "days": CHANGE_DAYS}


def editions_glance():
    """The last edition sent and the next one waiting to go out (two queries)."""
    editions = Edition.objects.only("subject", "status", "sent_at", "scheduled_for")
    return {
        "last_sent": editions.filter(status=Edition.Status.SENT).order_by("-sent_at").first(),
        "next": editions.filter(status=Edition.Status.SCHEDULED)
        .order_by("scheduled_for", "id")
        .first(),
    }
