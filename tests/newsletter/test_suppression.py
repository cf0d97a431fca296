"""Addresses the mail server refuses for good: blocked at once, never retried, mailed
nothing until their owner opts in again (real aiosmtpd, the real task worker)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.demo import PAGES
from newsletter import outbox, services, welcome
from newsletter.models import Delivery, Edition, MailEvent, Subscriber, WelcomeMail
from tests.newsletter.editions import SITE_URL, make_confirmed, make_edition, make_subscriber

pytestmark = pytest.mark.usefixtures("edition_settings")
Status = Subscriber.Status
UNKNOWN_MAILBOX = "550 5.1.1 Postfach unbekannt"
TRY_LATER = "451 4.3.0 Bitte später noch einmal"


@pytest.mark.django_db(transaction=True)
def test_550_blocks_one_and_451_delivers_the_other_once_later_through_the_worker(
    scripted_smtp, run_worker
):
    make_confirmed(6)
    scripted_smtp.refuse["leser2@example.org"] = UNKNOWN_MAILBOX
    scripted_smtp.refuse["leser4@example.org"] = TRY_LATER
    edition = make_edition()

    services.edition_send(edition=edition)
    run_worker()

    bounced = Subscriber.objects.get(email="leser2@example.org")
    assert bounced.status == Status.BOUNCED
    assert "550 5.1.1 Postfach unbekannt" in bounced.suppression_reason
    event = bounced.mail_events.get()
    assert (event.kind, event.source) == (MailEvent.Kind.REFUSED, "smtp")
    waiting = Delivery.objects.get(subscriber__email="leser4@example.org")
    assert waiting.status == Delivery.Status.PENDING
    assert Subscriber.objects.get(email="leser4@example.org").status == Status.CONFIRMED
    assert len(scripted_smtp.recipients()) == 4

    del scripted_smtp.refuse["leser4@example.org"]
    with time_machine.travel(waiting.next_attempt_at + datetime.timedelta(seconds=1)):
        run_worker()

    assert scripted_smtp.recipients() == [f"leser{n}@example.org" for n in (0, 1, 3, 4, 5)]
    assert len(scripted_smtp.messages_to("leser4@example.org")) == 1
    assert scripted_smtp.rcpt_attempts.count("leser2@example.org") == 1  # never retried
    assert scripted_smtp.rcpt_attempts.count("leser4@example.org") == 2
    failed = Delivery.objects.get(subscriber__email="leser2@example.org")
    assert (failed.status, failed.attempts) == (Delivery.Status.FAILED, 1)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


@pytest.mark.django_db
def test_a_550_after_data_blocks_the_address_but_a_content_refusal_does_not(scripted_smtp):
    make_confirmed(3)
    scripted_smtp.refuse_data["leser0@example.org"] = "550 5.2.1 Postfach gesperrt"
    scripted_smtp.refuse_data["leser1@example.org"] = "554 5.7.1 Nachricht als Spam abgelehnt"
    edition = make_edition()

    services.edition_send(edition=edition, enqueue=False)
    outbox.edition_send_batch(edition_id=edition.pk)

    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "leser0@example.org": Status.BOUNCED,
        "leser1@example.org": Status.CONFIRMED,  # the message's fault, not the address's
        "leser2@example.org": Status.CONFIRMED,
    }
    assert set(edition.deliveries.values_list("subscriber__email", "status")) == {
        ("leser0@example.org", Delivery.Status.FAILED),
        ("leser1@example.org", Delivery.Status.FAILED),
        ("leser2@example.org", Delivery.Status.SENT),
    }


@pytest.mark.django_db
def test_blocked_addresses_get_no_edition_and_none_while_it_is_sent(scripted_smtp):
    make_subscriber("weg@example.org", status=Status.BOUNCED)
    make_subscriber("beschwert@example.org", status=Status.COMPLAINED)
    late, other = make_confirmed(2)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    late.status = Status.COMPLAINED  # a complaint webhook arrives after the send started
    late.save()

    outbox.edition_send_batch(edition_id=edition.pk)

    assert scripted_smtp.recipients() == [other.email]
    assert edition.deliveries.get(subscriber=late).status == Delivery.Status.SKIPPED


@pytest.mark.django_db
def test_a_refused_confirmation_mail_blocks_the_address_and_is_not_retried(scripted_smtp):
    scripted_smtp.refuse["tippfehler@example.org"] = UNKNOWN_MAILBOX
    subscriber = services.subscriber_subscribe(email="tippfehler@example.org")

    outcome, retry_at = outbox.confirmation_mail_send(subscriber_id=subscriber.pk)

    assert (outcome, retry_at) == ("abgewiesen", None)
    subscriber.refresh_from_db()
    assert subscriber.status == Status.BOUNCED
    assert subscriber.mail_events.get().reason.startswith("550 5.1.1")


@pytest.mark.django_db
def test_a_temporary_refusal_of_the_confirmation_mail_is_retried_as_before(scripted_smtp):
    scripted_smtp.refuse["voll@example.org"] = "452 4.2.2 Postfach voll"
    subscriber = services.subscriber_subscribe(email="voll@example.org")

    outcome, retry_at = outbox.confirmation_mail_send(subscriber_id=subscriber.pk)

    assert outcome == "später erneut"
    assert retry_at > timezone.now()
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING
    assert not subscriber.mail_events.exists()


@pytest.mark.django_db
def test_a_refused_welcome_mail_blocks_the_address_and_blocked_ones_get_none(scripted_smtp):
    WelcomeMail.objects.create(subject="Willkommen", body="<p>Hallo</p>", active=True)
    gone = make_subscriber("gibtsnicht@example.org")
    blocked = make_subscriber("beschwert@example.org", status=Status.COMPLAINED)
    scripted_smtp.refuse[gone.email] = UNKNOWN_MAILBOX

    assert welcome.welcome_mail_send(subscriber_id=gone.pk) == ("abgewiesen", None)
    assert welcome.welcome_mail_send(subscriber_id=blocked.pk)[0] == "nicht (mehr) angemeldet"

    gone.refresh_from_db()
    assert gone.status == Status.BOUNCED
    assert scripted_smtp.rcpt_attempts == [gone.email]


@pytest.mark.django_db
def test_no_test_mail_to_a_blocked_address(scripted_smtp):
    make_subscriber("autorin@example.org", status=Status.COMPLAINED)

    with pytest.raises(services.EditionError, match="gesperrt"):
        services.edition_send_test(edition=make_edition(), email="Autorin@example.org")

    assert scripted_smtp.rcpt_attempts == []


@pytest.mark.django_db
def test_a_refused_test_mail_blocks_that_subscriber(scripted_smtp):
    make_subscriber("autorin@example.org")
    scripted_smtp.refuse["autorin@example.org"] = UNKNOWN_MAILBOX

    with pytest.raises(services.EditionError, match="nicht angenommen"):
        services.edition_send_test(edition=make_edition(), email="autorin@example.org")

    assert Subscriber.objects.get().status == Status.BOUNCED


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("status", [Status.BOUNCED, Status.COMPLAINED])
def test_signing_up_again_is_a_fresh_double_opt_in_and_its_mail_the_only_one(
    client, signup, smtp_server, run_worker, mail_link, status
):
    blocked = make_subscriber("anna@example.org", status=status)
    Subscriber.objects.filter(pk=blocked.pk).update(
        soft_bounces=2, suppressed_at=timezone.now(), suppression_reason="550 unbekannt"
    )

    signup("anna@example.org", first_name="Anna")
    blocked.refresh_from_db()
    # Anyone may type the address: it stays blocked until its mailbox confirms the round.
    assert blocked.status == status and blocked.pending_round
    services.edition_send(edition=make_edition())
    run_worker()

    [mail] = smtp_server.messages
    assert mail["Subject"] == "Bitte bestätigen Sie Ihre Anmeldung zur Elternpost"
    link = mail_link(mail, f"{SITE_URL}/newsletter/bestaetigen/")
    client.post(link.removeprefix(SITE_URL))
    blocked.refresh_from_db()
    assert blocked.status == Status.CONFIRMED
    assert (blocked.soft_bounces, blocked.suppressed_at, blocked.suppression_reason) == (
        0,
        None,
        "",
    )


def test_the_demo_privacy_page_says_what_is_kept_about_bounces():
    _, content = PAGES["/datenschutz/"]
    assert "dauerhaft ab (Bounce)" in content
    assert "als Spam" in content
    assert "Diese Einträge löschen wir mit Ihrer Adresse." in content
