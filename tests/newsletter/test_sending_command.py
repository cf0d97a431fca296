"""`python manage.py send_edition ID`: the admin's send action from the command line."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from newsletter import outbox, services
from newsletter.models import Edition, Subscriber
from tests.newsletter.editions import (
    make_confirmed,
    make_edition,
    make_subscriber,
)

pytestmark = pytest.mark.usefixtures("edition_settings")


def run(*args):
    out = StringIO()
    call_command("send_edition", *[str(a) for a in args], stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_sends_to_all_confirmed_subscribers_and_reports_progress(smtp_server):
    make_confirmed(12)
    make_subscriber("offen@example.org", status=Subscriber.Status.PENDING)
    edition = make_edition()

    output = run(edition.pk)

    assert len(smtp_server.inbox) == 12
    assert "gesendet 12 / offen 0 / fehlgeschlagen 0" in output
    assert "Fertig: Versendet." in output
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


@pytest.mark.django_db
def test_command_resumes_a_send_that_stopped_without_sending_twice(smtp_server, settings):
    make_confirmed(8)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    settings.NEWSLETTER_MAILS_PER_MINUTE = 30  # one batch of 5 ...
    outbox.edition_send_batch(edition_id=edition.pk)  # ... then the worker died
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60_000

    run(edition.pk)

    received = Counter(address for rcpts, _ in smtp_server.inbox for address in rcpts)
    assert len(received) == 8
    assert set(received.values()) == {1}


@pytest.mark.django_db
def test_command_can_leave_the_sending_to_the_worker(
    smtp_server, django_capture_on_commit_callbacks
):
    make_confirmed(2)
    edition = make_edition()

    with django_capture_on_commit_callbacks(execute=True):
        output = run(edition.pk, "--enqueue")

    assert "eingeplant" in output
    assert smtp_server.inbox == []
    assert DBTaskResult.objects.filter(task_path="newsletter.tasks.send_edition_batch").count() == 1
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING


@pytest.mark.django_db
def test_command_names_an_unknown_edition():
    with pytest.raises(CommandError, match="Eine Ausgabe mit der Nummer 4711 gibt es nicht"):
        run(4711)


@pytest.mark.django_db
def test_command_refuses_an_edition_that_was_already_sent(smtp_server):
    make_confirmed(1)
    edition = make_edition()
    run(edition.pk)

    with pytest.raises(CommandError, match="schon an alle versendet"):
        run(edition.pk)
    assert len(smtp_server.inbox) == 1
