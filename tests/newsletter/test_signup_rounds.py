"""A known address signing up again: nothing changes until the mailbox's owner confirms."""

import datetime as dt

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from newsletter import tokens
from newsletter.models import SignupBox, Subscriber
from newsletter.rendering import confirmation_message
from newsletter.services import (
    subscriber_cleanup_unconfirmed,
    subscriber_confirm,
    subscriber_request_confirmation,
    subscriber_subscribe,
    subscriber_unsubscribe,
)

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path="newsletter.tasks.send_confirmation_mail")


def confirm(subscriber):
    """Posts the link of the confirmation mail the subscriber would get now."""
    subscriber.refresh_from_db()
    subscriber_id, stamp = tokens.read_confirm_token(tokens.make_confirm_token(subscriber))
    return subscriber_confirm(subscriber_id=subscriber_id, round_stamp=stamp)


def new_box_version(text="Zweiter Wortlaut."):
    old = SignupBox.objects.current_saved()
    return SignupBox.objects.create(
        heading=old.heading, pitch=old.pitch, consent_text=text, version=old.version + 1
    )


@pytest.fixture
def left():
    """Anna subscribed at noon, confirmed, and left an hour later."""
    with time_machine.travel(NOON, tick=False) as clock:
        anna = subscriber_subscribe(email="anna@example.org", first_name="Anna", consent_page="/a/")
        confirm(anna)
        clock.shift(dt.timedelta(hours=1))
        subscriber_unsubscribe(subscriber_id=anna.pk)
    anna.refresh_from_db()
    return anna


@time_machine.travel(NOON, tick=False)
def test_a_strangers_signup_leaves_a_pending_persons_name_and_proof_alone(client):
    anna = subscriber_subscribe(
        email="anna@example.org", first_name="Anna", consent_version=1, consent_page="/a/"
    )
    box = new_box_version()
    before = Subscriber.objects.values().get(pk=anna.pk)

    response = client.post(
        "/newsletter/",
        {
            "email": "ANNA@example.org",
            "first_name": "Mallory",
            "consent": "on",
            "consent_version": box.version,
            "source": "/b/",
        },
    )

    after = Subscriber.objects.values().get(pk=anna.pk)
    assert response["Location"] == "/newsletter/bitte-bestaetigen/"
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {"confirmation_requested_at", "confirmation_mails_in_window"}
    assert after["first_name"] == "Anna"
    assert after["consent_page"] == "/a/"
    assert after["consent_version"] == 1
    assert mail_tasks().count() == 2  # the same round's link, mailed again


def test_signing_up_again_after_leaving_keeps_everything_until_that_round_is_confirmed(left):
    box = new_box_version()
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        subscriber_subscribe(
            email="anna@example.org",
            first_name="Anna-Lena",
            consent_version=box.version,
            consent_page="/c/",
        )

    left.refresh_from_db()
    assert left.status == Subscriber.Status.UNSUBSCRIBED
    assert left.unsubscribed_at == NOON + dt.timedelta(hours=1)
    assert (left.first_name, left.consent_page, left.consent_version) == ("Anna", "/a/", 1)
    assert "Guten Tag, Anna-Lena," in confirmation_message(left).body

    with time_machine.travel(NOON + dt.timedelta(days=3), tick=False):
        assert confirm(left) is not None

    left.refresh_from_db()
    assert left.status == Subscriber.Status.CONFIRMED
    assert left.unsubscribed_at is None
    assert left.pending_round is None
    assert left.first_name == "Anna-Lena"
    assert (left.consent_text, left.consent_version) == (box.consent_text, box.version)
    assert left.consent_page == "/c/"
    assert left.created_at == NOON + dt.timedelta(days=2)
    assert left.confirmed_at == NOON + dt.timedelta(days=3)


def test_a_second_signup_during_an_open_round_changes_that_round_nothing(left):
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        subscriber_subscribe(email="anna@example.org", first_name="Anna", consent_page="/c/")
    with time_machine.travel(NOON + dt.timedelta(days=2, hours=1), tick=False):
        subscriber_subscribe(email="anna@example.org", first_name="Mallory", consent_page="/x/")

    left.refresh_from_db()
    assert left.pending_round["first_name"] == "Anna"
    assert left.pending_round["consent_page"] == "/c/"
    assert left.status == Subscriber.Status.UNSUBSCRIBED


def test_leaving_again_ends_the_open_round_and_its_waiting_mail(left):
    subscriber_subscribe(email="anna@example.org", first_name="Jana")

    subscriber_unsubscribe(subscriber_id=left.pk)

    left.refresh_from_db()
    assert left.pending_round is None
    assert left.confirmation_requested_at is None
    assert confirm(left) is None
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_an_expired_link_of_the_open_round_can_be_renewed_but_an_older_one_cannot(left):
    old_stamp = int(left.created_at.timestamp())
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        subscriber = subscriber_subscribe(email="anna@example.org")
    stamp = int(subscriber.round_started_at.timestamp())

    with time_machine.travel(NOON + dt.timedelta(days=12), tick=False):
        assert not subscriber_request_confirmation(subscriber_id=left.pk, round_stamp=old_stamp)
        assert subscriber_request_confirmation(subscriber_id=left.pk, round_stamp=stamp)


def test_an_unconfirmed_round_is_forgotten_after_thirty_days(left):
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        subscriber_subscribe(email="anna@example.org", first_name="Jemand")

    subscriber_cleanup_unconfirmed(now=NOON + dt.timedelta(days=33))

    left.refresh_from_db()
    assert left.pending_round is None
    assert left.first_name == "Anna"
    assert left.status == Subscriber.Status.UNSUBSCRIBED


def test_a_forgotten_round_lets_the_next_signup_start_a_new_one(left):
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        subscriber_subscribe(email="anna@example.org", first_name="Alt")
    with time_machine.travel(NOON + dt.timedelta(days=40), tick=False):
        subscriber_subscribe(email="anna@example.org", first_name="Neu")

    left.refresh_from_db()
    assert left.pending_round["first_name"] == "Neu"


@pytest.mark.parametrize(
    ("first_name", "message"),
    [
        ("Anna\nBcc: alle@example.org", "in einer Zeile"),
        ("Anna\r\nHallo", "in einer Zeile"),
        ("Anna\u2028Hallo", "in einer Zeile"),
        ("\u202eannA", "in einer Zeile"),
        ("Tab\there", "in einer Zeile"),
        ("Gewinn auf www.gewinn.de", "ohne Web- oder E-Mail-Adresse"),
        ("https://spam.example", "ohne Web- oder E-Mail-Adresse"),
        ("spam.example", "ohne Web- oder E-Mail-Adresse"),
        ("anna@example.org", "ohne Web- oder E-Mail-Adresse"),
        ("A" * 51, "höchstens 50 Zeichen"),
        ("Ä" * 10_000, "höchstens 50 Zeichen"),
    ],
)
def test_a_first_name_is_one_plain_line_without_links(signup, first_name, message):
    response = signup("name@example.org", first_name=first_name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "first_name", ["Anna-Lena", "Zoë", "Marie Claire", "J. R.", "A" * 50, "  Ömer  ", "<b>Ida"]
)
def test_ordinary_first_names_are_taken_as_typed(signup, first_name):
    signup("name@example.org", first_name=first_name)

    assert Subscriber.objects.get().first_name == first_name.strip()


def test_a_name_with_markup_is_shown_as_text_in_the_mail(signup):
    signup("name@example.org", first_name="<b>Ida")

    message = confirmation_message(Subscriber.objects.get())
    html = message.alternatives[0][0]
    assert "&lt;b&gt;Ida" in html
    assert "<b>Ida" not in html


def test_confirming_a_new_round_queues_the_welcome_mail_of_that_round(left):
    subscriber_subscribe(email="anna@example.org", first_name="Anna")
    welcome_tasks = DBTaskResult.objects.filter(task_path="newsletter.tasks.send_welcome_mail")
    before = welcome_tasks.count()

    confirm(left)

    assert welcome_tasks.count() == before + 1
