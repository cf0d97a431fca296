"""`make run` as a newcomer meets it: the real scripts/run-dev, web server and worker apart.

The two processes must agree on everything they sign and share: a confirmation link the
worker mails must open on the web server, an unsubscribe link too.
"""

import sqlite3

import pytest
from django.db import connection

from tests.newsletter.mailserver import SMTPServer, link_in
from tests.ports import free_port
from tests.processes import ROOT, Browser, Process, project_env, wait_for_http, wait_until


@pytest.fixture
def inbox():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def dev_run(tmp_path, inbox):
    port = free_port()
    env = project_env(
        DEBUG="on",  # as `make run` sets it
        PORT=port,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL=f"diskcache://{tmp_path / 'cache'}",
        MEDIA_ROOT=tmp_path / "media",
        EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}",
    )
    process = Process([str(ROOT / "scripts" / "run-dev")], env=env, log=tmp_path / "run-dev.log")
    with process:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=180, process=process)
        process.base_url = f"http://127.0.0.1:{port}"
        process.database = tmp_path / "db.sqlite3"
        yield process


def _mail_to(inbox, address, subject, process):
    """The one mail whose subject starts with `subject` that reached `address`."""

    def arrived():
        return [m for m in inbox.messages_to(address) if m["Subject"].startswith(subject)]

    what = f"{subject} an {address}\n{process.output()[-3000:]}"
    [message] = wait_until(arrived, timeout=60, interval=0.3, what=what)
    return message


# `make run` keeps its own SQLite file whatever DATABASE_URL the suite runs on: once is enough.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="make run läuft mit SQLite")
def test_make_run_subscribe_confirm_and_unsubscribe_across_web_and_worker(dev_run, inbox):
    visitor = Browser(dev_run.base_url)
    status, headers, _ = visitor.post(
        "/newsletter/",
        {"email": "neu.leserin@example.org", "first_name": "Nele", "consent": "on"},
    )
    assert status == 302, dev_run.output()[-3000:]
    assert headers["Location"].endswith("/newsletter/bitte-bestaetigen/")

    # The worker process renders and signs the mail; the web process must accept the link.
    confirmation = _mail_to(inbox, "neu.leserin@example.org", "Bitte bestätigen", dev_run)
    confirm_link = link_in(confirmation, f"{dev_run.base_url}/newsletter/bestaetigen/")
    status, headers, page = visitor.post_form(confirm_link)
    assert status == 302, page[:2000]
    assert headers["Location"].endswith("/newsletter/bestaetigt/")

    # An edition, queued by a third process and sent by the worker, carries her way out.
    with sqlite3.connect(dev_run.database) as db:
        [(draft_id, subject)] = db.execute(
            "SELECT id, subject FROM newsletter_edition WHERE status = 'draft'"
        )
    send = Process(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "send_edition",
            str(draft_id),
            "--enqueue",
        ],
        env=dev_run.env,
        log=dev_run.log.with_name("send_edition.log"),
    ).start()
    assert send.popen.wait(timeout=60) == 0, send.output()
    # The demo's welcome mail is switched on: the worker sends it after the confirmation.
    _mail_to(inbox, "neu.leserin@example.org", "Willkommen", dev_run)
    edition = _mail_to(inbox, "neu.leserin@example.org", subject, dev_run)
    unsubscribe_link = link_in(edition, f"{dev_run.base_url}/newsletter/abmelden/")
    status, headers, page = visitor.post_form(unsubscribe_link)
    assert status == 302, page[:2000]
    assert headers["Location"].endswith("/newsletter/abgemeldet/")

    with sqlite3.connect(dev_run.database) as db:
        [(state,)] = db.execute(
            "SELECT status FROM newsletter_subscriber WHERE email = 'neu.leserin@example.org'"
        )
    assert state == "unsubscribed"
