"""Shared setup for benchmarks: Django on a throwaway database, plus small measuring helpers."""

import os
import statistics
import tempfile
from pathlib import Path


def django_setup(name):
    """Configure Django on a fresh database for benchmark `name` and migrate it."""
    workdir = Path(tempfile.mkdtemp(prefix=f"elternblog-bench-{name}-"))
    os.environ.setdefault("SECRET_KEY", "nur-fuer-benchmarks")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    # Static files of their own: a bench's collectstatic must not rewrite the project's
    # staticfiles/ under the feet of a test run.
    os.environ.setdefault("STATIC_ROOT", str(workdir / "static"))
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "off")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False)
    else:
        call_command("migrate", verbosity=0)
    return workdir


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(share * (len(ordered) - 1)))
    return ordered[index]


def report(label, seconds):
    """Print median and p99 of a list of durations in milliseconds."""
    median = statistics.median(seconds) * 1000
    p99 = percentile(seconds, 0.99) * 1000
    print(f"{label}: median {median:.1f} ms, p99 {p99:.1f} ms ({len(seconds)} Läufe)")
