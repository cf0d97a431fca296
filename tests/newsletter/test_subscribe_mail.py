"""The confirmation mail through the real task worker and a real SMTP server on loopback."""

import datetime as dt

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber
from newsletter.outbox import retry_delay

pytestmark = pytest.mark.django_db(transaction=True)

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def test_whole_double_opt_in(client, signup, smtp_server, run_worker, mail_link):
    response = signup("Anna.Beispiel@example.org", first_name="Anna", source="/artikel/schlaf/")
    assert response["Location"] == "/newsletter/bitte-bestaetigen/"
    assert smtp_server.messages == []  # the web request only queues the mail

    run_worker()

    [mail] = smtp_server.messages_to("Anna.Beispiel@example.org")
    assert mail["Subject"] == "Bitte bestätigen Sie Ihre Anmeldung zur Elternpost"
    assert mail["From"] == "Elternpost <newsletter@localhost>"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert text.startswith("Guten Tag, Anna,")
    link = mail_link(mail, "http://testserver/newsletter/bestaetigen/")
    assert link in text
    assert f'href="{link}"' in html
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmation_sent_at is not None
    assert subscriber.status == Subscriber.Status.PENDING

    page = client.get(link)
    assert page.status_code == 200
    assert "Ja, Anmeldung bestätigen" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # a mail scanner's GET confirms nothing

    confirmed = client.post(link)

    assert confirmed["Location"] == "/newsletter/bestaetigt/"
    assert "Ihre Anmeldung ist bestätigt" in client.get(confirmed["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at >= subscriber.confirmation_sent_at >= subscriber.created_at
    assert subscriber.consent_page == "/artikel/schlaf/"
    assert list(Subscriber.objects.confirmed()) == [subscriber]


def test_mail_server_down_keeps_the_signup_and_delivers_once_when_it_is_back(
    signup, smtp_server, run_worker
):
    smtp_server.stop()
    with time_machine.travel(NOON, tick=False) as clock:
        signup("geduld@example.org")
        run_worker()

        subscriber = Subscriber.objects.get()
        assert subscriber.status == Subscriber.Status.PENDING
        assert subscriber.confirmation_sent_at is None
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after == NOON + dt.timedelta(seconds=30)

        # Asking again during the outage queues another task, but not another mail.
        signup("geduld@example.org")
        smtp_server.start()
        clock.shift(dt.timedelta(seconds=10))
        run_worker()  # the retry is not due yet; the new request's task sends
        clock.shift(dt.timedelta(seconds=30))
        run_worker()  # the retry finds the mail sent and stops
        clock.shift(dt.timedelta(hours=1))
        run_worker()

    assert len(smtp_server.messages_to("geduld@example.org")) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
    subscriber.refresh_from_db()
    assert subscriber.confirmation_sent_at is not None


def test_retries_back_off_and_keep_going_every_fifteen_minutes(signup, smtp_server, run_worker):
    smtp_server.stop()
    with time_machine.travel(NOON, tick=False) as clock:
        signup("lange-weg@example.org")
        run_worker()
        waits = []
        for _ in range(7):
            retry = DBTaskResult.objects.get(status="READY")
            waits.append(retry.run_after - dt.datetime.now(tz=dt.UTC))
            clock.move_to(retry.run_after)
            run_worker()
        smtp_server.start()
        clock.move_to(DBTaskResult.objects.get(status="READY").run_after)
        run_worker()

    assert [int(wait.total_seconds()) for wait in waits] == [30, 60, 120, 240, 480, 900, 900]
    assert len(smtp_server.messages_to("lange-weg@example.org")) == 1


def test_retry_delay_starts_within_a_minute_and_is_capped_at_fifteen_minutes():
    assert retry_delay(0) <= dt.timedelta(minutes=1)
    assert max(retry_delay(attempt) for attempt in range(100)) == dt.timedelta(minutes=15)


def test_unsubscribing_while_the_mail_waits_cancels_it(client, signup, smtp_server, run_worker):
    from newsletter import tokens

    smtp_server.stop()
    with time_machine.travel(NOON, tick=False) as clock:
        signup("doch-nicht@example.org")
        run_worker()
        subscriber = Subscriber.objects.get()
        client.post(tokens.unsubscribe_url(subscriber), {"List-Unsubscribe": "One-Click"})
        smtp_server.start()
        clock.shift(dt.timedelta(minutes=1))
        run_worker()

    assert smtp_server.messages == []
