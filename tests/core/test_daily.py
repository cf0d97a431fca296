"""The daily jobs: registered by the apps, run once a day by the worker, one chain only."""

import datetime as dt
import io

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from core import daily
from core.auth import login_records_forget_old
from core.models import DailyRun

# The worker runs in these tests, and it commits as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)

MORNING = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def daily_tasks():
    return DBTaskResult.objects.filter(task_path=daily.run_daily_jobs.module_path)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")


def test_the_apps_register_their_cleanups():
    assert {
        "core.auth.login_records_forget_old",
        "newsletter.services.subscriber_cleanup_unconfirmed",
        "blog.wordpress.services.wordpress_import_files_cleanup",
        "stats.services.counts_roll_up",
        "blog.search.search_index_tidy",
    } <= set(daily.jobs())


def test_schedule_daily_twice_runs_the_jobs_once_and_keeps_one_chain(monkeypatch):
    calls = []
    monkeypatch.setitem(daily._jobs, "tests.count", lambda: calls.append(1) or len(calls))

    with time_machine.travel(MORNING, tick=False):
        call_command("schedule_daily", stdout=io.StringIO())
        call_command("schedule_daily", stdout=io.StringIO())
        run_worker()

    assert calls == [1]
    assert DailyRun.objects.count() == 1
    [tomorrow] = daily_tasks().filter(status="READY")
    # 04:00 in Berlin, the next morning.
    assert tomorrow.run_after == dt.datetime(2026, 3, 3, 3, 0, tzinfo=dt.UTC)


def test_the_chain_runs_the_jobs_again_the_next_day(monkeypatch):
    calls = []
    monkeypatch.setitem(daily._jobs, "tests.count", lambda: calls.append(1))
    with time_machine.travel(MORNING, tick=False):
        call_command("schedule_daily", stdout=io.StringIO())
        run_worker()

    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        run_worker()

    assert len(calls) == 2
    assert daily_tasks().filter(status="READY").count() == 1


def test_a_failing_job_keeps_neither_the_others_nor_tomorrow_from_running(monkeypatch):
    def broken():
        raise RuntimeError("kaputt")

    monkeypatch.setitem(daily._jobs, "tests.broken", broken)
    monkeypatch.setitem(daily._jobs, "tests.fine", lambda: "erledigt")

    results = daily.run_daily_jobs.call()

    assert results["tests.broken"] == "fehlgeschlagen"
    assert results["tests.fine"] == "erledigt"
    assert daily_tasks().filter(status="READY").count() == 1


def _login_records(address):
    fields = {"ip_address": address, "user_agent": "Firefox/140", "username": "autorin"}
    AccessAttempt.objects.create(**fields, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**fields)


def test_login_records_are_kept_thirty_days():
    with time_machine.travel(MORNING, tick=False):
        _login_records("203.0.113.7")
    with time_machine.travel(MORNING + dt.timedelta(days=20), tick=False):
        _login_records("198.51.100.3")

    with time_machine.travel(MORNING + dt.timedelta(days=30, minutes=1), tick=False):
        deleted = login_records_forget_old()

    assert deleted == 2
    for model in (AccessAttempt, AccessLog):
        assert list(model.objects.values_list("ip_address", flat=True)) == ["198.51.100.3"]
