"""What one store costs in each shared-cache backend once it holds 1,000, 10,000, 50,000 pages.

The default cache must be shared by every process of one machine and hold every page of
the site (issue 13). Django's file cache lists its whole folder on every store to decide
whether to cull, its database cache counts its table; diskcache (SQLite-indexed files)
culls by index. Each backend is filled to the size, then 300 page-sized entries are stored
and timed. Prints median and p99 per backend and size; the database cache runs on the
bench's database (SQLite, or PostgreSQL with DATABASE_URL).
"""

import base64
import os
import pickle
import shutil
import time
from datetime import UTC, datetime, timedelta

from tests.bench.setup import django_setup, report

SIZES = [int(n) for n in os.environ.get("BENCH_CACHE_SIZES", "1000,10000,50000").split(",")]
STORES = 300
# A cached article page: the pickled response of about 8 KB (smaller than most, to keep
# 50,000 of them on a small disk; the store cost that grows is the cull, not the copy).
PAGE = os.urandom(6000) + "Ä".encode() * 1000
ROOM = {"MAX_ENTRIES": max(SIZES) * 2}  # no backend culls during the bench


def _backends(workdir):
    import diskcache
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.management.commands.createcachetable import Command as CreateCacheTable
    from django.db import connection

    creator = CreateCacheTable()
    creator.verbosity = 0
    creator.create_table("default", "bench_cache", dry_run=False)
    return {
        "Dateicache (FileBasedCache)": FileBasedCache(
            str(workdir / "filecache"), {"OPTIONS": ROOM}
        ),
        f"Datenbankcache ({connection.vendor})": DatabaseCache("bench_cache", {"OPTIONS": ROOM}),
        "diskcache.DjangoCache": diskcache.DjangoCache(
            str(workdir / "diskcache"), {"OPTIONS": {"size_limit": 2**34}}
        ),
    }


def _fill(cache, start, stop):
    """Puts entries start…stop-1 in without timing them (and without each store's cull)."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.filebased import FileBasedCache

    keys = [f"pagecache:page:fill-{n}" for n in range(start, stop)]
    if isinstance(cache, FileBasedCache):
        cull, cache._cull = cache._cull, lambda: None
        for key in keys:
            cache.set(key, PAGE, 3600)
        cache._cull = cull
    elif isinstance(cache, DatabaseCache):
        from django.db import connection, transaction

        value = base64.b64encode(pickle.dumps(PAGE, pickle.HIGHEST_PROTOCOL)).decode("latin1")
        expires = datetime.now(UTC) + timedelta(hours=1)
        rows = [(cache.make_key(key), value, expires) for key in keys]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO bench_cache (cache_key, value, expires) VALUES (%s, %s, %s)", rows
            )
    else:
        for key in keys:
            cache.set(key, PAGE, 3600)


def _time_stores(cache, size):
    durations = []
    for n in range(STORES):
        started = time.perf_counter()
        cache.set(f"pagecache:page:measured-{size}-{n}", PAGE, 3600)
        durations.append(time.perf_counter() - started)
    return durations


def main():
    workdir = django_setup("cache")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for name, cache in _backends(workdir).items():
        filled = 0
        for size in SIZES:
            _fill(cache, filled, size)
            filled = size
            report(f"{name}, {size:,} Einträge: ein Speichern", _time_stores(cache, size))
        cache.clear()
    shutil.rmtree(workdir, ignore_errors=True)
