"""`manage.py db_worker`: django-tasks-db's worker, made to outlive a database outage.

This command shadows django-tasks-db's own (core comes before django_tasks_db in
INSTALLED_APPS, and Django takes a command from the first app that has it). The library's
worker ends with OperationalError when the database goes away; this one waits with backoff,
reconnects and carries on. A task the outage cut short did nothing wrong: it goes back into
the queue instead of being marked failed, and so does a task a killed worker left running
(a worker id stays the same across restarts, so the new process knows its old tasks). Our
tasks claim their work row by row, so running one again after an interruption sends
nothing twice.
"""

import logging
import socket
import time

from django.db import InterfaceError, OperationalError, connection, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT_SECONDS = 1
LONGEST_WAIT_SECONDS = 30
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class ResilientWorker(db_worker.Worker):
    def run(self):
        wait = FIRST_WAIT_SECONDS
        while self.running:
            try:
                self.requeue_interrupted_tasks()
                wait = FIRST_WAIT_SECONDS
                return super().run()
            except CONNECTION_ERRORS as error:
                logger.warning(
                    "Datenbank nicht erreichbar (%s) – neuer Versuch in %s s.",
                    str(error).strip(),
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)
                self.startup_delay = False

    def requeue_interrupted_tasks(self):
        """Puts back the tasks this worker id left running: cut short by an outage or a kill."""
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        # worker_ids is a JSON list, and SQLite cannot search in one: there are few running rows.
        mine = [task.pk for task in running if task.worker_ids[-1:] == [self.worker_id]]
        if mine:
            DBTaskResult.objects.filter(pk__in=mine, status="RUNNING").update(
                status="READY", started_at=None
            )
            logger.warning("%s unterbrochene Aufgabe(n) wieder eingereiht.", len(mine))

    def run_task(self, db_task_result):
        mark_failed = db_task_result.set_failed

        def set_failed(error):
            # A task whose connection broke is not at fault: leave it running, so that
            # run() waits for the database and puts it back into the queue.
            if isinstance(error, CONNECTION_ERRORS) and not connection.is_usable():
                raise error
            mark_failed(error)

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
        db_worker.Worker = ResilientWorker
        return super().handle(*args, **options)
