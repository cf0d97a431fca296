"""The quote of the month, cached so that a page costs no query for it.

The key holds the Berlin month, so the new month's quote shows from midnight on the first
without anyone touching the cache; saving or deleting a quote drops the key (signals.py).
"""

import datetime

from django.core.cache import cache
from django.utils import timezone

from quotes.models import Quote, current_month, next_month


def _key(month):
    return f"quotes:current:{month:%Y-%m}"


def _seconds_until(month):
    berlin = timezone.get_default_timezone()
    start = datetime.datetime.combine(month, datetime.time(), tzinfo=berlin)
    return max(1, int((start - timezone.now()).total_seconds()) + 1)


def cached_current_quote():
    """The shown quote or None; the cached None saves the query on a site without quotes too."""
    month = current_month()
    # The entry expires when its month ends, so stale months do not pile up in the cache.
    return cache.get_or_set(
        _key(month), Quote.objects.current, timeout=_seconds_until(next_month(month))
    )


def forget_current_quote():
    cache.delete(_key(current_month()))
