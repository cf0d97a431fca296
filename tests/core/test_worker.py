"""`manage.py db_worker` is ours, and it outlives a database outage (PostgreSQL via a proxy)."""

import time

import pytest
from django.core.management import get_commands
from django.db import connection

from tests.newsletter.conftest import SMTPServer
from tests.processes import wait_until
from tests.workers import database_proxy, database_url, db_worker, worker_env


def test_manage_py_db_worker_runs_cores_resilient_worker():
    assert get_commands()["db_worker"] == "core"


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
