"""Jobs the task worker runs once a day, registered by the apps that own them.

An app registers a plain function in its AppConfig.ready(): `daily.register(function)`.
`manage.py schedule_daily` starts one chain of `run_daily_jobs` tasks (harmless to repeat):
each run books its day in `DailyRun` and queues the next run before it starts the jobs,
so a day's jobs run once even when two chains meet, and a worker killed in the middle
leaves tomorrow's run queued. A job should catch up on whatever an earlier day missed.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from core.models import DailyRun

logger = logging.getLogger(__name__)

# Local time of the daily run: the quietest hour of a parenting blog.
RUN_AT = datetime.time(4, 0)

_jobs = {}


def register(function):
    """Runs `function()` once a day in the task worker; its return value is logged."""
    _jobs[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def jobs():
    return dict(_jobs)


def next_run_at(now=None):
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, RUN_AT, tzinfo=local.tzinfo)


def schedule():
    """Queues a run for now; it finds out by itself whether today's jobs are still to do."""
    return run_daily_jobs.enqueue()


@task()
def run_daily_jobs():
    today = timezone.localdate()
    try:
        with transaction.atomic():
            DailyRun.objects.create(day=today)
            # Tomorrow's run is queued before today's jobs start, so a crash keeps the chain.
            run_daily_jobs.using(run_after=next_run_at()).enqueue()
    except IntegrityError:
        return "heute schon gelaufen"
    results = {}
    for name, job in jobs().items():
        try:
            results[name] = job()
        except Exception:
            # One broken job must not keep the others from their day.
            logger.exception("Tägliche Aufgabe %s ist fehlgeschlagen", name)
            results[name] = "fehlgeschlagen"
        else:
            logger.info("Tägliche Aufgabe %s: %s", name, results[name])
    return {name: str(result) for name, result in results.items()}
