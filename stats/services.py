"""Writes of the statistics: the buffer's counts into the database, and old days into months."""

import datetime
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from stats import beacon, buffer
from stats.models import Count, FlushMark

# Per-day counts are kept this many months, then only their monthly sums.
DAILY_MONTHS = 25
# Fingerprints of the views of the last REPEAT_SECONDS: {fingerprint: until}.
SEEN_KEY = "stats:seen"


def counts_flush(*, now=None):
    """Writes every closed bucket of the buffer to the database; returns how many counts.

    The worker calls this every minute (tasks.py), the statistics page before it reads.
    """
    last = buffer.last_closed_bucket(now)
    with transaction.atomic():
        mark, _ = FlushMark.objects.select_for_update().get_or_create(pk=1)
        first = max(mark.flushed_through + 1, last - buffer.KEEP_SECONDS // buffer.BUCKET_SECONDS)
        if first > last:
            return 0
        per_bucket, keys = buffer.read_buckets(first, last)
        seen = cache.get(SEEN_KEY) or {}
        per_day = _first_views_per_day(per_bucket, seen)
        _add_to_rows(per_day, monthly=False)
        mark.flushed_through = last
        mark.save(update_fields=["flushed_through"])
        moment = time.time() if now is None else now
        seen = {print_: until for print_, until in seen.items() if until > moment}

        def forget_flushed():
            cache.set(SEEN_KEY, seen, timeout=beacon.REPEAT_SECONDS)
            cache.delete_many(keys)

        transaction.on_commit(forget_flushed)
    return sum(per_day.values())


def _first_views_per_day(per_bucket, seen):
    """Counter {(day, metric, key, target): n} of the views not seen in REPEAT_SECONDS.

    `seen` ({fingerprint: until}) is updated: it is what makes a repeat view count once
    across all web processes, and it lives only in the cache.
    """
    per_day = Counter()
    for bucket in sorted(per_bucket):
        start = bucket * buffer.BUCKET_SECONDS
        day = _day_of(bucket)
        for views in per_bucket[bucket]:
            for print_, counted in views.items():
                if seen.get(print_, 0) > start:
                    continue
                seen[print_] = start + beacon.REPEAT_SECONDS
                per_day.update((day, *what) for what in counted)
    return per_day


def _day_of(bucket):
    moment = datetime.datetime.fromtimestamp(bucket * buffer.BUCKET_SECONDS, tz=datetime.UTC)
    return timezone.localdate(moment)


def _add_to_rows(totals, *, monthly):
    """Adds {(day, metric, key, target): count} to the stored rows, creating missing ones."""
    groups = {}
    for (day, metric, key, target), number in totals.items():
        groups.setdefault((day, metric), {})[(key, target)] = number
    changed, created = [], []
    for (day, metric), numbers in groups.items():
        keys = sorted({key for key, _ in numbers})
        for start in range(0, len(keys), 500):
            rows = Count.objects.filter(
                monthly=monthly, day=day, metric=metric, key__in=keys[start : start + 500]
            )
            for row in rows:
                if (row.key, row.target) in numbers:
                    row.count += numbers.pop((row.key, row.target))
                    changed.append(row)
        created += [
            Count(day=day, monthly=monthly, metric=metric, key=key, target=target, count=number)
            for (key, target), number in numbers.items()
        ]
    Count.objects.bulk_update(changed, ["count"], batch_size=500)
    Count.objects.bulk_create(created, batch_size=500)


def counts_roll_up(*, today=None):
    """Turns per-day counts older than 25 months into one row per month; returns days merged.

    A daily job: counts that old answer "how was that year", never "which day".
    """
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - DAILY_MONTHS
    cutoff = datetime.date(months // 12, months % 12 + 1, 1)
    with transaction.atomic():
        old = Count.objects.filter(monthly=False, day__lt=cutoff)
        totals = Counter()
        for day, metric, key, target, number in old.values_list(
            "day", "metric", "key", "target", "count"
        ).iterator():
            totals[(day.replace(day=1), metric, key, target)] += number
        merged, _ = old.delete()
        _add_to_rows(totals, monthly=True)
    return merged


def signup_count(*, page):
    """Counts a newsletter signup made on `page` (the path the form was on)."""
    path = beacon.page_path(page)
    if settings.STATS and path:
        buffer.count([(Count.Metric.SIGNUP, path, "")])
