"""Confirming: only a POST confirms, links expire after 7 days and can be renewed."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsletter import tokens
from newsletter.models import Subscriber
from newsletter.services import subscriber_subscribe, subscriber_unsubscribe

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def confirm_path(subscriber, at=NOON):
    """The link of a confirmation mail sent at `at`."""
    with time_machine.travel(at, tick=False):
        return tokens.confirm_url(subscriber).removeprefix("http://testserver")


@pytest.fixture(autouse=True)
def _an_hour_after_signup():
    """Tests run an hour after the signup unless they travel further."""
    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        yield


@pytest.fixture
def pending():
    with time_machine.travel(NOON, tick=False):
        return subscriber_subscribe(email="bald@example.org")


def test_get_shows_a_button_and_confirms_nothing(client, pending):
    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        response = client.get(confirm_path(pending))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post">' in html
    assert "Ja, Anmeldung bestätigen" in html
    assert "no-cache" in response["Cache-Control"]
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_head_confirms_nothing_either(client, pending):
    client.head(confirm_path(pending))

    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_post_confirms(client, pending, django_assert_num_queries):
    path = confirm_path(pending)
    # savepoint, subscriber FOR UPDATE, update, the welcome mail's task row, release
    with (
        time_machine.travel(NOON + dt.timedelta(days=6, hours=23), tick=False),
        django_assert_num_queries(5),
    ):
        response = client.post(path)

    assert response["Location"] == "/newsletter/bestaetigt/"
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.CONFIRMED
    assert pending.confirmed_at == NOON + dt.timedelta(days=6, hours=23)


def test_confirming_twice_is_harmless(client, pending):
    path = confirm_path(pending)
    client.post(path)
    first = Subscriber.objects.get().confirmed_at

    response = client.post(path)

    assert response["Location"] == "/newsletter/bestaetigt/"
    assert Subscriber.objects.get().confirmed_at == first


def test_confirm_page_needs_the_csrf_token_it_shows(pending):
    browser = Client(enforce_csrf_checks=True)
    path = confirm_path(pending)

    assert browser.post(path).status_code == 403
    token = browser.get(path).cookies["csrftoken"].value
    response = browser.post(path, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_expired_link_confirms_nothing_and_offers_a_new_mail(client, pending):
    path = confirm_path(pending)
    with time_machine.travel(NOON + dt.timedelta(days=7, minutes=1), tick=False):
        page = client.get(path)
        refused = client.post(path)

        new_link = confirm_path(Subscriber.objects.get(), at=dt.datetime.now(tz=dt.UTC))
        accepted = client.post(new_link)

    assert "Dieser Bestätigungslink ist abgelaufen" in page.content.decode()
    assert "Neuen Bestätigungslink schicken" in page.content.decode()
    assert refused["Location"] == "/newsletter/bitte-bestaetigen/"
    confirmation_mails = DBTaskResult.objects.filter(
        task_path="newsletter.tasks.send_confirmation_mail"
    )
    assert confirmation_mails.count() == 2  # the first mail and the renewed one
    assert accepted["Location"] == "/newsletter/bestaetigt/"
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_renewing_an_expired_link_respects_the_daily_cap(client, pending):
    path = confirm_path(pending)
    with time_machine.travel(NOON + dt.timedelta(days=8), tick=False):
        for _ in range(5):
            client.post(path)

    assert DBTaskResult.objects.count() == 1 + 3


@pytest.mark.parametrize(
    "token", ["kaputt", "a:b:c", "eyJ9:1abc:xyz", "%00", "x" * 300, "WzEsMl0:1tE:"]
)
def test_broken_links_are_a_friendly_404(client, pending, token):
    response = client.get(f"/newsletter/bestaetigen/{token}/")

    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert client.post(f"/newsletter/bestaetigen/{token}/").status_code == 404


def test_token_signed_with_another_key_or_for_unsubscribing_is_refused(client, pending):
    stamp = int(pending.created_at.timestamp())
    foreign = signing.TimestampSigner(key="fremd", salt="newsletter.confirm")
    forged = foreign.sign_object([pending.pk, stamp])
    unsubscribe_token = tokens.make_unsubscribe_token(pending)

    assert client.post(f"/newsletter/bestaetigen/{forged}/").status_code == 404
    assert client.post(f"/newsletter/bestaetigen/{unsubscribe_token}/").status_code == 404
    assert not Subscriber.objects.confirmed().exists()


def test_link_from_before_an_unsubscribe_cannot_confirm_a_new_signup(client, pending):
    old_path = confirm_path(pending)
    subscriber_unsubscribe(subscriber_id=pending.pk)
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        subscriber_subscribe(email="bald@example.org")

        response = client.post(old_path)

    assert response.status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_link_of_an_erased_address_is_invalid(client, pending):
    path = confirm_path(pending)
    pending.delete()

    assert client.post(path).status_code == 404
