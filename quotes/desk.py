"""The quotes' panel on the author's desk: a reminder when next month has no quote yet."""

from django.utils import timezone

from quotes.models import Quote, next_month

# From this day of a month on the desk asks for next month's quote.
REMIND_FROM_DAY = 20


def can_see(user):
    return user.has_perm("quotes.add_quote")


def missing_month(*, today=None):
    """Next month's first day when it still needs its quote (from the 20th on), else None."""
    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    if today.day < REMIND_FROM_DAY:
        return None
    month = next_month(today)
    if Quote.objects.filter(month=month).exists():
        return None
    return month
