"""Unsubscribing: a button page, POST at once, RFC 8058 one-click, and the block list."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client

from newsletter import tokens
from newsletter.models import Subscriber
from newsletter.services import subscriber_subscribe

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def confirmed():
    subscriber = subscriber_subscribe(email="leserin@example.org")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=NOON
    )
    return subscriber


def path_of(subscriber):
    return tokens.unsubscribe_url(subscriber).removeprefix("http://testserver")


def test_unsubscribe_url_is_absolute_and_personal(confirmed, settings):
    other = subscriber_subscribe(email="jemand@example.org")

    url = tokens.unsubscribe_url(confirmed)

    assert url.startswith(settings.SITE_URL + "/newsletter/abmelden/")
    assert url != tokens.unsubscribe_url(other)
    assert tokens.read_unsubscribe_token(url.split("/")[-2]) == confirmed.pk


def test_get_shows_a_button_and_keeps_the_subscription(client, confirmed):
    response = client.get(path_of(confirmed))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Jetzt abmelden" in html
    assert "no-cache" in response["Cache-Control"]
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_button_post_unsubscribes_at_once(confirmed):
    browser = Client(enforce_csrf_checks=True)
    path = path_of(confirmed)
    token = browser.get(path).cookies["csrftoken"].value

    with time_machine.travel(NOON + dt.timedelta(days=40), tick=False):
        response = browser.post(path, {"csrfmiddlewaretoken": token})

    assert response["Location"] == "/newsletter/abgemeldet/"
    assert "Sie sind abgemeldet" in browser.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at == NOON + dt.timedelta(days=40)


def test_button_post_without_csrf_token_is_refused(confirmed):
    response = Client(enforce_csrf_checks=True).post(path_of(confirmed))

    assert response.status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_rfc_8058_one_click_post_needs_no_session_or_csrf_token(confirmed):
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(path_of(confirmed), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "abgemeldet" in response.content.decode()
    assert not response.cookies
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_one_click_post_as_multipart_form_data_works_too(confirmed):
    response = Client(enforce_csrf_checks=True).post(
        path_of(confirmed), {"List-Unsubscribe": "One-Click"}, format="multipart"
    )

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_one_click_runs_a_fixed_number_of_queries(confirmed, django_assert_num_queries):
    path = path_of(confirmed)
    # savepoint, subscriber FOR UPDATE, update, release
    with django_assert_num_queries(4):
        Client().post(path, {"List-Unsubscribe": "One-Click"})


def test_unsubscribing_twice_keeps_the_first_time(client, confirmed):
    path = path_of(confirmed)
    with time_machine.travel(NOON, tick=False):
        client.post(path, {"List-Unsubscribe": "One-Click"})
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at == NOON


def test_unsubscribe_links_never_expire(client, confirmed):
    path = path_of(confirmed)

    with time_machine.travel(dt.datetime(2036, 1, 1, tzinfo=dt.UTC)):
        client.post(path, {"List-Unsubscribe": "One-Click"})

    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_pending_address_can_unsubscribe_too(client):
    pending = subscriber_subscribe(email="unentschlossen@example.org")

    client.post(path_of(pending), {"List-Unsubscribe": "One-Click"})

    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.UNSUBSCRIBED
    assert pending.confirmation_requested_at is None


@pytest.mark.parametrize("token", ["kaputt", "MQ:falsch", "a" * 400])
def test_broken_unsubscribe_links_are_a_friendly_404(client, confirmed, token):
    get = client.get(f"/newsletter/abmelden/{token}/")
    post = client.post(f"/newsletter/abmelden/{token}/", {"List-Unsubscribe": "One-Click"})

    assert get.status_code == post.status_code == 404
    assert "Dieser Link ist ungültig" in get.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_a_confirm_token_does_not_unsubscribe(client, confirmed):
    confirm_token = tokens.make_confirm_token(confirmed)
    forged = signing.Signer(key="fremd", salt="newsletter.unsubscribe").sign_object(confirmed.pk)

    for token in (confirm_token, forged):
        client.post(f"/newsletter/abmelden/{token}/", {"List-Unsubscribe": "One-Click"})

    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_link_of_an_erased_address_answers_calmly(client, confirmed):
    path = path_of(confirmed)
    confirmed.delete()

    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_only_confirmed_addresses_may_receive_editions(client, confirmed):
    pending = subscriber_subscribe(email="offen@example.org")
    gone = subscriber_subscribe(email="weg@example.org")
    client.post(path_of(gone), {"List-Unsubscribe": "One-Click"})

    assert list(Subscriber.objects.confirmed()) == [confirmed]
    assert pending not in Subscriber.objects.confirmed()
    assert Subscriber.objects.get(pk=gone.pk).status == Subscriber.Status.UNSUBSCRIBED
