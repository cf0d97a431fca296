"""Counts wait in the shared cache until the worker writes them to the database.

A beacon writes nothing anywhere: each web process collects its views of the current
10-second bucket in memory and, at most once a second (a timer), rewrites them as one cache
entry of its own (`stats:buffer:<bucket>:<slot>`). One writer per entry needs no atomic
increment, which the file and database caches lack, and the cache sees one write per
process and second however busy the site is. A view is kept under its fingerprint (see
beacon.py), so the flush can count repeat views once across all processes. A bucket is
flushed once it has closed, so what the flush reads is final; the flush records the last
bucket it wrote in the same transaction as the counts (services.py).
"""

import atexit
import logging
import os
import secrets
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

BUCKET_SECONDS = 10
# A process's new views reach the cache this long after the first of them.
WRITE_DELAY_SECONDS = 1
# A bucket is read this long after it closed, so the last writes are surely in.
GRACE_SECONDS = 3
# Writers (web processes) one bucket can hold; more would be dropped and logged.
MAX_WRITERS = 32
# How long counts wait for the worker; an outage of the worker longer than this loses them.
KEEP_SECONDS = 6 * 60 * 60


def bucket_of(moment):
    return int(moment // BUCKET_SECONDS)


def slot_key(bucket, slot):
    return f"stats:buffer:{bucket}:{slot}"


class _ProcessBuffer:
    """This process's views of the current bucket: {fingerprint: [(metric, key, target)]}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.timer = None
        self.reset()

    def reset(self):
        if self.timer is not None:
            self.timer.cancel()
        self.pid = os.getpid()
        # A fresh token per process: gunicorn's forked workers must not share one entry.
        self.token = secrets.token_hex(8)
        self.bucket = None
        self.key = None
        self.views = {}
        self.timer = None

    def add(self, counted, *, fingerprint=None, now=None):
        bucket = bucket_of(time.time() if now is None else now)
        with self.lock:
            if self.pid != os.getpid():
                self.reset()
            if bucket != self.bucket:
                self._write()
                self.bucket, self.views = bucket, {}
                self.key = _claim_slot(bucket, self.token)
            if self.key is None:
                return
            # Without a fingerprint (a signup) nothing is a repeat.
            self.views.setdefault(fingerprint or secrets.token_hex(8), list(counted))
            if self.timer is None:
                self.timer = threading.Timer(WRITE_DELAY_SECONDS, self.write_pending)
                self.timer.daemon = True
                self.timer.start()

    def write_pending(self):
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = None
            self._write()

    def _write(self):
        if self.key is None or not self.views:
            return
        # Where add() is not atomic (the file cache), two processes can both have claimed
        # this entry: the one that finds the other's token there moves to a slot of its
        # own. Each writes all its views of the bucket every time, so neither loses any.
        if cache.get(self.key, (self.token,))[0] != self.token:
            self.key = _claim_slot(self.bucket, self.token)
            if self.key is None:
                return
        cache.set(self.key, (self.token, self.views), timeout=KEEP_SECONDS)


def _claim_slot(bucket, token):
    for slot in range(MAX_WRITERS):
        key = slot_key(bucket, slot)
        # Read back: with caches whose add() is not atomic, two processes may both "win".
        if cache.add(key, (token, {}), timeout=KEEP_SECONDS) and cache.get(key, ("",))[0] == token:
            return key
    logger.warning("Statistik: alle %s Puffer dieses Zeitabschnitts belegt.", MAX_WRITERS)
    return None


_buffer = _ProcessBuffer()


def count(counted, *, fingerprint=None, now=None):
    """Buffers (metric, key, target) tuples; a fingerprint seen before counts once."""
    _buffer.add(counted, fingerprint=fingerprint, now=now)


def write_pending():
    """What the timer does: this process's pending views into its cache entry, now."""
    _buffer.write_pending()


# A process that stops (a restart, gunicorn replacing a worker) writes what its timer has
# not written yet; the views of its last second were lost before.
atexit.register(write_pending)


def forget_process_buffer():
    """For tests that empty the cache: this process starts with a fresh entry."""
    with _buffer.lock:
        _buffer.reset()


def last_closed_bucket(now=None):
    return bucket_of((time.time() if now is None else now) - GRACE_SECONDS) - 1


def read_buckets(first, last):
    """The views of buckets `first`..`last`: {bucket: [views of one writer, ...]}, and keys.

    Writers claim slots in order, so a bucket without slot 0 is empty: one look per bucket
    first, the other slots only where someone wrote.
    """
    buckets = range(first, last + 1)
    firsts = _get_many([slot_key(bucket, 0) for bucket in buckets])
    used = [int(key.split(":")[2]) for key in firsts]
    rest = _get_many([slot_key(b, slot) for b in used for slot in range(1, MAX_WRITERS)])
    per_bucket = {}
    for key, (_token, views) in (firsts | rest).items():
        per_bucket.setdefault(int(key.split(":")[2]), []).append(views)
    return per_bucket, [*firsts, *rest]


def _get_many(keys, chunk=1000):
    found = {}
    for start in range(0, len(keys), chunk):
        found.update(cache.get_many(keys[start : start + chunk]))
    return found
