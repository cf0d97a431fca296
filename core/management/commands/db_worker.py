"""`manage.py db_worker`: django-tasks-db's worker, made to outlive a database outage.

This command shadows django-tasks-db's own (core comes before django_tasks_db in
INSTALLED_APPS, and Django takes a command from the first app that has it). The library's
worker ends with OperationalError when the database goes away; this one waits with backoff,
reconnects and carries on. A task a database error cut short goes back into the queue
instead of being marked failed (up to five times), and so does a task a killed worker left
running (a worker id stays the same across restarts, so the new process knows its old
tasks); a task that finished while its result could not be written is marked successful
later, never run again. Our tasks claim their work row by row, so running one again after
an interruption sends nothing twice.
"""

import logging
import socket
import time

from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT_SECONDS = 1
LONGEST_WAIT_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)
# A task that meets a database error this often (an outage each time, or an error that
# stays, such as a missing table) is marked failed instead of being queued once more.
MOST_ATTEMPTS = 5


class ResilientWorker(db_worker.Worker):
    # The task whose success could not be written down when the database went away.
    unrecorded_success = None

    def run(self):
        wait = FIRST_WAIT_SECONDS
        while self.running:
            try:
                self.settle_interrupted_tasks()
                wait = FIRST_WAIT_SECONDS
                return super().run()
            except DATABASE_ERRORS as error:
                if any(c.in_atomic_block for c in connections.all(initialized_only=True)):
                    raise  # run inside a transaction (a test's): reconnecting cannot help
                logger.warning(
                    "Datenbank nicht erreichbar (%s) – neuer Versuch in %s s.",
                    str(error).strip(),
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)
                self.startup_delay = False

    def settle_interrupted_tasks(self):
        """Finishes the bookkeeping an outage or a kill cut short, once the database is back.

        A task that ran to its end is marked successful; every other task this worker id
        left running goes back into the queue.
        """
        if self.unrecorded_success is not None:
            pk, return_value = self.unrecorded_success
            DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.SUCCESSFUL,
                finished_at=timezone.now(),
                return_value=return_value,
            )
            self.unrecorded_success = None
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        # worker_ids is a JSON list, and SQLite cannot search in one: there are few running rows.
        mine = [task.pk for task in running if task.worker_ids[-1:] == [self.worker_id]]
        if mine:
            DBTaskResult.objects.filter(pk__in=mine, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            logger.warning("%s unterbrochene Aufgabe(n) wieder eingereiht.", len(mine))

    def run_task(self, db_task_result):
        # django-tasks-db marks a task failed whatever stopped it and lets a failure to write
        # that down end the worker. Both methods are wrapped for this one task: a database
        # error leaves it running, so that run() waits for the database and settles it.
        record_success, record_failure = db_task_result.set_successful, db_task_result.set_failed

        def set_successful(return_value):
            try:
                record_success(return_value)
            except DATABASE_ERRORS:
                self.unrecorded_success = (db_task_result.pk, return_value)
                raise

        def set_failed(error):
            retry = len(db_task_result.worker_ids) < MOST_ATTEMPTS
            if isinstance(error, DATABASE_ERRORS) and (retry or self.unrecorded_success):
                raise error
            record_failure(error)

        db_task_result.set_successful = set_successful
        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)


class Command(db_worker.Command):
    help = (
        "Der Task-Worker (django-tasks-db), der Datenbankausfälle übersteht: er wartet, "
        "verbindet sich neu und macht weiter."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The same id after a restart lets the worker take back what its killed predecessor
        # left running. Several workers on one machine each need their own --worker-id.
        parser.set_defaults(worker_id=socket.gethostname()[:64])

    def handle(self, *args, **options):
        # The library's handle() builds its worker by this module-level name.
        db_worker.Worker = ResilientWorker
        return super().handle(*args, **options)
