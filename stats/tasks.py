from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from stats.services import counts_flush

FLUSH_EVERY = timedelta(minutes=1)
_CHAIN_KEY = "stats:flush-chain"


@task()
def flush_counts():
    """Writes the buffered counts to the database, then queues itself for the next minute.

    The next run is queued first, so a failing flush does not end the chain. Started by
    `manage.py flush_stats --schedule`; the cache key lets only one chain go on when that
    ran more than once.
    """
    if cache.add(
        _CHAIN_KEY, True, timeout=int((FLUSH_EVERY - timedelta(seconds=5)).total_seconds())
    ):
        schedule_flush()
    return counts_flush()


def schedule_flush(delay=FLUSH_EVERY):
    return flush_counts.using(run_after=timezone.now() + delay).enqueue()
