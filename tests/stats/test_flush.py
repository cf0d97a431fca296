"""The buffer: counts wait in the cache and reach the database once, as per-day rows."""

import datetime
import subprocess
import time
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from stats import buffer
from stats.models import Count, FlushMark
from stats.services import counts_flush
from stats.tasks import flush_counts
from tests.processes import PYTHON, ROOT, project_env
from tests.stats.conftest import flush, send

pytestmark = pytest.mark.django_db

ARTICLE = "/artikel/trotzphase/"
VIEW = (Count.Metric.VIEW, ARTICLE, "")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def views():
    return sum(Count.objects.filter(metric="view").values_list("count", flat=True))


def test_a_busy_page_writes_no_row_per_view(django_assert_num_queries):
    with django_assert_num_queries(0):
        for n in range(20):
            send({"p": ARTICLE}, ip=f"192.0.2.{n}")

    flush()

    assert Count.objects.filter(metric="view").count() == 1
    assert views() == 20


def test_a_flush_writes_few_queries_however_many_views():
    for _ in range(30):
        buffer.count([VIEW, (Count.Metric.KIND, "article", "")])
    with CaptureQueriesContext(connection) as captured:
        flush()

    # savepoint/transaction, the mark (get_or_create: select + insert), one lookup per
    # (day, metric), the new rows in one insert, the mark's update
    assert len(captured) <= 10
    assert views() == 30


def test_each_bucket_is_written_once():
    buffer.count([VIEW])
    flush()
    flush()

    assert views() == 1


def test_the_open_bucket_waits_for_the_next_flush():
    buffer.count([VIEW])

    assert counts_flush(now=time.time()) == 0
    assert views() == 0
    flush()
    assert views() == 1


def test_counts_of_later_buckets_add_to_the_same_day_row():
    # Early in its bucket, so the first flush closes this bucket and not yet the next one.
    now = buffer.bucket_of(time.time()) * buffer.BUCKET_SECONDS + 1
    buffer.count([VIEW], now=now)
    flush(now=now + buffer.BUCKET_SECONDS + buffer.GRACE_SECONDS + 1)
    buffer.count([VIEW], now=now + buffer.BUCKET_SECONDS)
    flush(now=now + 2 * buffer.BUCKET_SECONDS + buffer.GRACE_SECONDS + 1)

    row = Count.objects.get(metric="view")
    assert row.count == 2


def test_every_process_has_its_own_entry_and_all_are_read():
    other_process = buffer._ProcessBuffer()
    now = time.time()
    buffer.count([VIEW], now=now)
    other_process.add([VIEW, VIEW], now=now)
    buffer.count([VIEW], now=now)
    other_process.write_pending()

    flush()

    assert views() == 4


def test_two_processes_that_both_won_one_entry_lose_no_views():
    """The file cache's add() is not atomic: two processes may both claim one entry."""
    other_process = buffer._ProcessBuffer()
    now = time.time()
    buffer.count([VIEW], now=now)
    other_process.add([VIEW, VIEW], now=now)
    other_process.key = buffer._buffer.key  # as a race in the file cache can leave them

    buffer.write_pending()
    other_process.write_pending()
    buffer.write_pending()
    flush()

    assert views() == 3


def test_a_repeat_view_handled_by_another_process_still_counts_once():
    other_process = buffer._ProcessBuffer()
    now = time.time()
    buffer.count([VIEW], fingerprint="leserin-1", now=now)
    other_process.add([VIEW], fingerprint="leserin-1", now=now)
    other_process.write_pending()
    flush()
    # Ten minutes later, in a later flush: still a repeat.
    buffer.count([VIEW], fingerprint="leserin-1", now=now + 600)
    flush(now=now + 700)

    assert views() == 1


def test_the_process_writes_its_views_to_the_cache_within_a_second_by_itself():
    buffer.count([VIEW])
    time.sleep(buffer.WRITE_DELAY_SECONDS + 0.5)

    assert counts_flush(now=time.time() + buffer.BUCKET_SECONDS + buffer.GRACE_SECONDS) == 1


def test_views_around_midnight_count_for_their_own_local_day():
    before = datetime.datetime(2026, 3, 10, 23, 59, 45, tzinfo=BERLIN).timestamp()
    after = datetime.datetime(2026, 3, 11, 0, 0, 5, tzinfo=BERLIN).timestamp()
    buffer.count([VIEW], now=before)
    buffer.count([VIEW], now=after)
    flush(now=after + 60)

    days = dict(Count.objects.filter(metric="view").values_list("day", "count"))
    assert days == {datetime.date(2026, 3, 10): 1, datetime.date(2026, 3, 11): 1}


def test_the_flush_remembers_how_far_it_got():
    flush()

    assert FlushMark.objects.get().flushed_through == buffer.last_closed_bucket(
        time.time() + buffer.BUCKET_SECONDS + buffer.GRACE_SECONDS + 1
    )


def test_the_worker_task_flushes_and_queues_itself_once():
    buffer.count([VIEW])
    flush_counts.call()
    flush_counts.call()

    queued = DBTaskResult.objects.filter(task_path="stats.tasks.flush_counts")
    assert queued.count() == 1
    assert queued.get().run_after > datetime.datetime.now(datetime.UTC)


def test_the_command_flushes_and_schedules_the_chain(capsys):
    call_command("flush_stats", "--schedule")

    assert "jede Minute" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(task_path="stats.tasks.flush_counts").count() == 1


def test_a_process_that_stops_writes_the_views_its_timer_had_not_written(tmp_path):
    """A restart stops a web process within its timer's second; its last views must not be
    lost with it. Two real processes share one cache folder, as gunicorn's workers do."""
    env = project_env(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL=f"diskcache://{tmp_path / 'cache'}",
    )
    setup = "import django; django.setup(); from stats import buffer; "
    stopping = setup + "buffer.count([('view', '', '/artikel/a/')], fingerprint='leser')"
    reading = setup + (
        "import time; print(sum(len(views) for writers in buffer.read_buckets("
        "buffer.bucket_of(time.time()) - 2, buffer.bucket_of(time.time()))[0].values() "
        "for views in writers))"
    )

    subprocess.run([PYTHON, "-c", stopping], cwd=ROOT, env=env, check=True)
    found = subprocess.run(
        [PYTHON, "-c", reading], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )

    assert found.stdout.strip() == "1"
