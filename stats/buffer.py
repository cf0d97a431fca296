"""Counts wait in the shared cache until the worker writes them to the database.

A beacon must not write a row: each web process adds its counts to one cache entry of its
own per 10-second bucket (`stats:buffer:<bucket>:<slot>`), rewritten whole after every
beacon. One writer per entry needs no atomic increment, which the file and database caches
lack. A bucket is flushed once it has closed, so what the flush reads is final; the flush
records the last bucket it wrote in the same transaction as the counts (services.py).
"""

import logging
import os
import secrets
import threading
import time
from collections import Counter

from django.core.cache import cache

logger = logging.getLogger(__name__)

BUCKET_SECONDS = 10
# Writers (web processes) one bucket can hold; more would be dropped and logged.
MAX_WRITERS = 32
# How long counts wait for the worker; an outage of the worker longer than this loses them.
KEEP_SECONDS = 6 * 60 * 60
# A bucket is read this long after it closed, so a beacon still being handled gets in.
GRACE_SECONDS = 2


def bucket_of(moment):
    return int(moment // BUCKET_SECONDS)


def slot_key(bucket, slot):
    return f"stats:buffer:{bucket}:{slot}"


class _ProcessBuffer:
    """This process's counts of the current bucket, mirrored to its cache entry."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.pid = os.getpid()
        # A fresh token per process: gunicorn's forked workers must not share one entry.
        self.token = secrets.token_hex(8)
        self.bucket = None
        self.key = None
        self.counts = Counter()

    def add(self, counted, now=None):
        """Adds `counted`, an iterable of (metric, key, target) tuples, to the buffer."""
        bucket = bucket_of(time.time() if now is None else now)
        with self.lock:
            if self.pid != os.getpid():
                self.reset()
            if bucket != self.bucket:
                self.bucket, self.counts = bucket, Counter()
                self.key = _claim_slot(bucket, self.token)
            if self.key is None:
                return
            self.counts.update(counted)
            cache.set(self.key, (self.token, dict(self.counts)), timeout=KEEP_SECONDS)


def _claim_slot(bucket, token):
    for slot in range(MAX_WRITERS):
        key = slot_key(bucket, slot)
        # Read back: with caches whose add() is not atomic, two processes may both "win".
        if cache.add(key, (token, {}), timeout=KEEP_SECONDS) and cache.get(key, ("",))[0] == token:
            return key
    logger.warning("Statistik: alle %s Puffer dieses Zeitabschnitts belegt.", MAX_WRITERS)
    return None


_buffer = _ProcessBuffer()


def count(counted, now=None):
    _buffer.add(counted, now=now)


def forget_process_buffer():
    """For tests that empty the cache: this process starts with a fresh entry."""
    with _buffer.lock:
        _buffer.reset()


def last_closed_bucket(now=None):
    return bucket_of((time.time() if now is None else now) - GRACE_SECONDS) - 1


def read_buckets(first, last):
    """Counts of the buckets `first`..`last` per bucket, and the cache keys they came from.

    Writers claim slots in order, so a bucket without slot 0 is empty: one look per bucket
    first, the other slots only where someone wrote.
    """
    buckets = range(first, last + 1)
    firsts = _get_many([slot_key(bucket, 0) for bucket in buckets])
    used = [int(key.split(":")[2]) for key in firsts]
    rest = _get_many([slot_key(b, slot) for b in used for slot in range(1, MAX_WRITERS)])
    per_bucket = {}
    for key, (_token, counts) in (firsts | rest).items():
        per_bucket.setdefault(int(key.split(":")[2]), Counter()).update(counts)
    return per_bucket, [*firsts, *rest]


def _get_many(keys, chunk=1000):
    found = {}
    for start in range(0, len(keys), chunk):
        found.update(cache.get_many(keys[start : start + chunk]))
    return found
