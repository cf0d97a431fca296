"""Sending an edition over real SMTP: who gets it, what it looks like, and what survives."""

import datetime
import os
import subprocess
import sys
from collections import Counter
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import outbox, rendering, services, tokens
from newsletter.models import Delivery, Edition, Subscriber
from tests.newsletter.editions import (
    SITE_URL,
    make_confirmed,
    make_edition,
    make_subscriber,
    send_all_batches,
)

pytestmark = pytest.mark.usefixtures("edition_settings")


@pytest.mark.django_db(transaction=True)
def test_only_confirmed_subscribers_get_the_edition_through_the_worker(smtp_server, run_worker):
    make_subscriber("anna@example.org", first_name="Anna")
    make_subscriber("ben@example.org")
    make_subscriber("offen@example.org", status=Subscriber.Status.PENDING)
    make_subscriber("weg@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    edition = make_edition()

    services.edition_send(edition=edition)
    run_worker()

    received = sorted(address for rcpts, _ in smtp_server.inbox for address in rcpts)
    assert received == ["anna@example.org", "ben@example.org"]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert edition.sent_at is not None
    assert set(edition.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


@pytest.mark.django_db
def test_every_mail_has_one_click_unsubscribe_headers_and_a_text_and_html_part(smtp_server):
    anna = make_subscriber("anna@example.org", first_name="Anna")
    edition = make_edition(
        body="<p>Heute: <strong>Schlaf</strong>.</p><img src='/media/a.jpg' alt='Kind'>"
    )

    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    [message] = smtp_server.messages_to("anna@example.org")
    link = tokens.unsubscribe_url(anna)
    assert link.startswith("https://")
    assert message["List-Unsubscribe"].strip() == f"<{link}>"  # long headers are folded
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == edition.subject
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Guten Tag, Anna," in text
    assert "Heute: Schlaf." in text
    assert f"Elternpost abbestellen: {link}" in text
    assert f'href="{link}"' in html
    assert 'lang="de"' in html


@pytest.mark.django_db
def test_html_part_has_inline_styles_and_loads_nothing_from_anywhere(smtp_server):
    make_subscriber("anna@example.org")
    edition = make_edition(
        body='<p>Ein Bild: <img src="/media/uploads/kind.jpg" alt="Kind im Herbstlaub"></p>'
        '<p><a href="/artikel/herbst/">Zum Artikel</a></p>'
    )

    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    html = smtp_server.messages[0].get_body(preferencelist=("html",)).get_content()
    assert html.count("<style") == 1  # the dark-mode colours, a media query
    assert "<img" not in html
    assert "<link" not in html
    assert "src=" not in html
    assert 'style="' in html
    assert f'href="{SITE_URL}/artikel/herbst/?utm_source=elternpost"' in html
    assert "[Bild: Kind im Herbstlaub – in der Webansicht]" in html


@pytest.mark.django_db
def test_mails_carry_no_tracking(smtp_server):
    make_subscriber("anna@example.org")
    edition = make_edition(body='<p><a href="https://example.com/buch">Ein Buch</a></p>')

    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    html = smtp_server.messages[0].get_body(preferencelist=("html",)).get_content()
    # Links go where the author pointed them, not through a redirect that counts clicks.
    assert 'href="https://example.com/buch"' in html
    assert "utm_" not in html


@pytest.mark.django_db
def test_a_crash_in_the_middle_resumes_without_duplicates(smtp_server, monkeypatch):
    make_confirmed(10)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    real_message = rendering.edition_message
    calls = Counter()

    def crash_on_the_fifth(*args, **kwargs):
        calls["built"] += 1
        if calls["built"] == 5:
            raise RuntimeError("Stromausfall")
        return real_message(*args, **kwargs)

    monkeypatch.setattr(outbox, "edition_message", crash_on_the_fifth)
    with pytest.raises(RuntimeError):
        outbox.edition_send_batch(edition_id=edition.pk)
    assert len(smtp_server.inbox) == 4
    monkeypatch.setattr(outbox, "edition_message", real_message)

    services.edition_send(edition=edition, enqueue=False)  # what the admin's "resume" does
    send_all_batches(edition)

    received = Counter(address for rcpts, _ in smtp_server.inbox for address in rcpts)
    assert len(received) == 10
    assert set(received.values()) == {1}
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


@pytest.mark.django_db
def test_a_crash_while_the_server_takes_a_mail_never_sends_it_twice(smtp_server, monkeypatch):
    make_confirmed(5)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    from django.core.mail.backends.smtp import EmailBackend

    real_send = EmailBackend.send_messages
    calls = Counter()

    def crash_after_the_second_is_handed_over(self, messages):
        sent = real_send(self, messages)
        calls["sent"] += 1
        if calls["sent"] == 2:
            raise RuntimeError("Prozess beendet")
        return sent

    monkeypatch.setattr(EmailBackend, "send_messages", crash_after_the_second_is_handed_over)
    with pytest.raises(RuntimeError):
        outbox.edition_send_batch(edition_id=edition.pk)
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    uncertain = edition.deliveries.get(status=Delivery.Status.SENDING)

    outbox.edition_send_batch(edition_id=edition.pk)  # the rest goes out
    waiting = outbox.edition_send_batch(edition_id=edition.pk)  # the uncertain one waits
    assert waiting.next_run_at > timezone.now()
    assert len(smtp_server.inbox) == 5
    later = timezone.now() + outbox.INTERRUPTED_AFTER + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        send_all_batches(edition)

    received = Counter(address for rcpts, _ in smtp_server.inbox for address in rcpts)
    assert len(received) == 5
    assert set(received.values()) == {1}
    uncertain.refresh_from_db()
    assert uncertain.status == Delivery.Status.FAILED
    assert "unklar" in uncertain.last_error
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_server_that_stops_accepting_after_three_mails_is_waited_out(scripted_smtp, run_worker):
    make_confirmed(8)
    edition = make_edition()
    scripted_smtp.accept_limit = 3

    services.edition_send(edition=edition)
    run_worker()  # three go out, then the server says 421 and the chain backs off

    progress = outbox.edition_progress(edition)
    assert (progress.sent, progress.pending, progress.failed) == (3, 5, 0)
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now()

    scripted_smtp.accept_limit = None
    with time_machine.travel(retry.run_after + datetime.timedelta(seconds=1)):
        run_worker()

    received = Counter(scripted_smtp.recipients())
    assert len(received) == 8
    assert set(received.values()) == {1}
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


@pytest.mark.django_db
def test_an_unreachable_mail_server_keeps_everything_pending_and_backs_off(settings):
    make_confirmed(3)
    edition = make_edition()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens, the connection is refused
    settings.EMAIL_TIMEOUT = 2
    services.edition_send(edition=edition, enqueue=False)

    first = outbox.edition_send_batch(edition_id=edition.pk)
    second = outbox.edition_send_batch(edition_id=edition.pk, failures=first.failures)

    assert (first.failures, second.failures) == (1, 2)
    assert first.next_run_at - timezone.now() <= datetime.timedelta(seconds=30)
    assert second.next_run_at > first.next_run_at
    assert set(edition.deliveries.values_list("status", "attempts")) == {("pending", 0)}


@pytest.mark.django_db
def test_refused_address_is_recorded_as_failed_and_the_others_still_get_it(scripted_smtp):
    make_confirmed(3)
    scripted_smtp.refuse["leser1@example.org"] = "550 5.1.1 Postfach unbekannt"
    edition = make_edition()

    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    assert scripted_smtp.recipients() == ["leser0@example.org", "leser2@example.org"]
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert failed.subscriber.email == "leser1@example.org"
    assert "Postfach unbekannt" in failed.last_error
    assert failed.attempts == 1
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


@pytest.mark.django_db
def test_temporarily_refused_address_is_retried_after_a_pause(scripted_smtp):
    make_confirmed(2)
    scripted_smtp.refuse["leser0@example.org"] = "450 4.2.1 Postfach gerade voll"
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    result = outbox.edition_send_batch(edition_id=edition.pk)
    waiting = outbox.edition_send_batch(edition_id=edition.pk)
    delivery = Delivery.objects.get(subscriber__email="leser0@example.org")
    assert (result.sent, result.failed) == (1, 1)
    assert delivery.status == Delivery.Status.PENDING
    assert waiting.next_run_at == delivery.next_attempt_at > timezone.now()

    del scripted_smtp.refuse["leser0@example.org"]
    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        send_all_batches(edition)

    assert scripted_smtp.recipients() == ["leser0@example.org", "leser1@example.org"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)


@pytest.mark.django_db
def test_someone_who_unsubscribes_while_it_is_sent_gets_nothing(smtp_server):
    first, second, third = make_confirmed(3)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    services.subscriber_unsubscribe(subscriber_id=second.pk)
    send_all_batches(edition)

    assert sorted(a for rcpts, _ in smtp_server.inbox for a in rcpts) == [first.email, third.email]
    assert Delivery.objects.get(subscriber=second).status == Delivery.Status.SKIPPED


@pytest.mark.django_db
def test_throttle_sends_a_batch_and_schedules_the_next_by_the_rate(smtp_server, settings):
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60  # batches of 10, one a second each
    make_confirmed(15)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    with time_machine.travel(timezone.now(), tick=False):
        started = timezone.now()
        result = outbox.edition_send_batch(edition_id=edition.pk)

    assert result.sent == 10
    assert result.next_run_at == started + datetime.timedelta(seconds=10)
    assert len(smtp_server.inbox) == 10


@pytest.mark.django_db
def test_one_batch_uses_one_smtp_connection(scripted_smtp):
    make_confirmed(12)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    result = outbox.edition_send_batch(edition_id=edition.pk)

    assert result.sent == 12
    assert scripted_smtp.connections == 1


@pytest.mark.django_db
def test_a_batch_costs_two_writes_and_one_commit_per_mail(smtp_server, django_assert_num_queries):
    make_confirmed(5)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    # 1 edition, 2 tidy-up UPDATEs (interrupted, unsubscribed), 1 batch with subscribers,
    # 1 frozen articles; per mail 1 claim UPDATE and 1 "sent" UPDATE (for the mail before,
    # the last one after the loop), committed together: in a test a SAVEPOINT and its RELEASE.
    with django_assert_num_queries(5 + 4 * 5):
        outbox.edition_send_batch(edition_id=edition.pk)
    assert set(edition.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


@pytest.mark.django_db
def test_a_sent_edition_cannot_be_sent_again(smtp_server):
    make_confirmed(1)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    with pytest.raises(services.EditionError, match="schon an alle versendet"):
        services.edition_send(edition=edition)
    assert len(smtp_server.inbox) == 1


@pytest.mark.django_db
def test_an_empty_edition_is_refused_with_a_german_message():
    make_confirmed(1)
    edition = make_edition(body="<p> </p><script>alert(1)</script>")

    with pytest.raises(services.EditionError, match="Die Ausgabe ist leer"):
        services.edition_send(edition=edition)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_test_mail_goes_to_the_author_only_and_leaves_no_delivery(smtp_server):
    make_confirmed(3)
    edition = make_edition()

    services.edition_send_test(edition=edition, email="autorin@example.org", first_name="Mara")

    [message] = smtp_server.messages
    assert message["To"] == "autorin@example.org"
    assert message["Subject"] == f"[Test] {edition.subject}"
    assert "Guten Tag, Mara," in message.get_body(preferencelist=("plain",)).get_content()
    assert not Delivery.objects.exists()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


@pytest.mark.django_db
def test_test_mail_without_an_address_says_what_to_do():
    edition = make_edition()

    with pytest.raises(services.EditionError, match="keine E-Mail-Adresse"):
        services.edition_send_test(edition=edition, email="")
    assert mail.outbox == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Der zweite Prozess braucht eine gemeinsame Datenbank; SQLite-Tests laufen im Speicher.",
)
@pytest.mark.django_db(transaction=True)
def test_killing_the_sending_process_mid_mail_never_sends_anyone_a_second_copy(scripted_smtp):
    make_confirmed(6)
    edition = make_edition()
    scripted_smtp.hold_after = 3  # the fourth mail arrives, then its sender is killed
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}"
        f"@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{scripted_smtp.port}",
        "SITE_URL": SITE_URL,
        "NEWSLETTER_MAILS_PER_MINUTE": "60000",
    }
    sender = subprocess.Popen(
        [sys.executable, "manage.py", "send_edition", str(edition.pk)],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert scripted_smtp.holding.wait(60)
    finally:
        sender.kill()
        sender.wait()
    left = Counter(edition.deliveries.values_list("status", flat=True))
    assert left == {"sent": 3, "sending": 1, "pending": 2}

    scripted_smtp.hold_after = None
    services.edition_send(edition=edition, enqueue=False)
    later = timezone.now() + outbox.INTERRUPTED_AFTER + datetime.timedelta(seconds=1)
    outbox.edition_send_batch(edition_id=edition.pk)
    with time_machine.travel(later):
        send_all_batches(edition)

    received = Counter(scripted_smtp.recipients())
    assert len(received) == 6
    assert set(received.values()) == {1}
    assert edition.deliveries.get(status=Delivery.Status.FAILED).last_error == (
        outbox.INTERRUPTED_ERROR
    )
