"""`manage.py db_worker` is ours, and it outlives a database outage (PostgreSQL via a proxy)."""

import time

import pytest
from django.core.management import call_command, get_commands
from django.db import OperationalError, connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.newsletter.mailserver import SMTPServer
from tests.processes import wait_until
from tests.workers import database_proxy, database_url, db_worker, worker_env


def test_manage_py_db_worker_runs_cores_resilient_worker():
    assert get_commands()["db_worker"] == "core"


RUNS = []


@task()
def meets_a_lost_connection(times):
    RUNS.append(times)
    if len(RUNS) <= times:
        raise OperationalError("server closed the connection unexpectedly")
    return "geschafft"


def _work(worker_id="dieser-rechner"):
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--interval=0",
        f"--worker-id={worker_id}",
    )


@pytest.fixture
def runs():
    RUNS.clear()
    yield RUNS
    RUNS.clear()


@pytest.mark.django_db(transaction=True)
def test_a_task_cut_short_by_a_database_error_is_queued_again_not_failed(runs):
    result = meets_a_lost_connection.enqueue(2)

    _work()

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", "geschafft")
    assert len(runs) == 3


@pytest.mark.django_db(transaction=True)
def test_a_database_error_that_stays_fails_the_task_after_five_attempts(runs):
    result = meets_a_lost_connection.enqueue(99)

    _work()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "django.db.utils.OperationalError"
    assert len(runs) == 5


@pytest.mark.django_db(transaction=True)
def test_a_restarted_worker_takes_back_what_its_killed_predecessor_left_running(runs):
    result = meets_a_lost_connection.enqueue(0)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=["rechner-1"])

    _work(worker_id="rechner-2")  # another worker's task: still running there
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    _work(worker_id="rechner-1")

    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert runs == [0]


@pytest.fixture
def inbox():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def _signup(client, email):
    response = client.post("/newsletter/", {"email": email, "consent": "on", "homepage": ""})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="braucht PostgreSQL (TCP-Proxy)")
def test_worker_waits_out_a_database_outage_and_sends_what_was_queued_meanwhile(
    client, inbox, tmp_path
):
    proxy = database_proxy().start()
    env = worker_env(database=database_url(proxy.port), smtp_port=inbox.port)
    with db_worker(env=env, log=tmp_path / "worker.log") as worker:
        _signup(client, "vorher@example.org")
        wait_until(lambda: inbox.messages_to("vorher@example.org"), timeout=30, what="erste Mail")

        proxy.stop()
        wait_until(
            lambda: "Datenbank nicht erreichbar" in worker.output(),
            timeout=30,
            what="der Worker bemerkt den Ausfall",
        )
        # Queued while the worker cannot see the database (the site writes directly).
        _signup(client, "waehrenddessen@example.org")
        time.sleep(4)  # several failed attempts: the library's worker would have exited
        assert worker.popen.poll() is None, worker.output()[-3000:]

        proxy.start()
        wait_until(
            lambda: inbox.messages_to("waehrenddessen@example.org"),
            timeout=60,
            what=f"Mail nach dem Ausfall\n{worker.output()[-3000:]}",
        )
        time.sleep(1.5)  # time enough for a second copy, were one on its way
    proxy.stop()

    assert len(inbox.messages_to("waehrenddessen@example.org")) == 1
    assert len(inbox.messages_to("vorher@example.org")) == 1
