"""The subscriber's own page: signed link, no login, only their own topics and first name."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.test import Client

from newsletter import tokens
from newsletter.models import Subscriber, Topic
from tests.newsletter.editions import make_subscriber

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def topics():
    return [
        Topic.objects.create(name=name, slug=name.lower(), position=n)
        for n, name in enumerate(["Baby", "Kita", "Schule"])
    ]


@pytest.fixture
def anna(topics):
    anna = make_subscriber("anna@example.org", first_name="Anna")
    anna.topics.set([topics[1]])
    return anna


def page_of(subscriber):
    return tokens.preferences_url(subscriber).removeprefix("http://testserver")


def test_the_page_shows_the_subscribers_own_name_and_topics(client, anna, topics):
    make_subscriber("berta@example.org", first_name="Berta")

    response = client.get(page_of(anna))

    html = response.content.decode()
    assert response.status_code == 200
    assert "anna@example.org" in html
    assert 'value="Anna"' in html
    assert re.search(r'value="kita"[^>]* checked', html)
    assert html.count(" checked") == 1
    assert "berta" not in html.lower()
    assert "no-cache" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in html


@time_machine.travel(NOON, tick=False)
def test_saving_changes_topics_and_name_and_records_when_topics_changed(client, anna, topics):
    response = client.post(page_of(anna), {"first_name": "Anni", "topics": ["baby", "schule"]})

    assert response.status_code == 302
    assert response["Location"] == page_of(anna)
    anna.refresh_from_db()
    assert anna.first_name == "Anni"
    assert sorted(topic.slug for topic in anna.topics.all()) == ["baby", "schule"]
    assert anna.topics_changed_at == NOON
    assert "Gespeichert" in client.get(page_of(anna)).content.decode()


def test_no_topic_means_everything_and_an_unchanged_choice_keeps_its_time(client, anna):
    Subscriber.objects.filter(pk=anna.pk).update(topics_changed_at=NOON)

    client.post(page_of(anna), {"first_name": "Anna", "topics": ["kita"]})
    anna.refresh_from_db()
    assert anna.topics_changed_at == NOON

    client.post(page_of(anna), {"first_name": "Anna"})
    anna.refresh_from_db()
    assert not anna.topics.exists()
    assert anna.topics_changed_at > NOON


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_name": "Anna\nBcc: x@example.org"}, "in einer Zeile"),
        ({"first_name": "www.spam.example"}, "ohne Web- oder E-Mail-Adresse"),
        ({"first_name": "A" * 51}, "höchstens 50 Zeichen"),
        ({"first_name": "Anna", "topics": ["<script>"]}, "Dieses Thema gibt es nicht"),
        ({"first_name": "Anna", "topics": "x" * 10_000}, "Dieses Thema gibt es nicht"),
    ],
)
def test_bad_input_is_refused_in_german_and_changes_nothing(client, anna, data, message):
    response = client.post(page_of(anna), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<script>" not in html
    anna.refresh_from_db()
    assert anna.first_name == "Anna"
    assert [topic.slug for topic in anna.topics.all()] == ["kita"]


def test_the_page_needs_its_csrf_token(anna):
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post(page_of(anna), {"first_name": "Fremd"})
    token = browser.get(page_of(anna)).cookies["csrftoken"].value
    accepted = browser.post(page_of(anna), {"first_name": "Anni", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    anna.refresh_from_db()
    assert anna.first_name == "Anni"


def test_the_unsubscribe_button_on_the_page_works(anna):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(page_of(anna)).content.decode()
    action = html.split('<form method="post" action="')[1].split('"')[0]

    response = browser.post(
        action, {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/newsletter/abgemeldet/"
    anna.refresh_from_db()
    assert anna.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.parametrize(
    "token", ["kaputt", "x" * 300, "MQ:abc", "%00", signing.Signer(salt="fremd").sign_object(1)]
)
def test_a_broken_or_forged_link_is_a_friendly_404(client, anna, token):
    response = client.get(f"/newsletter/einstellungen/{token}/")

    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert client.post(f"/newsletter/einstellungen/{token}/").status_code == 404


def test_other_links_of_the_same_subscriber_do_not_open_the_page(client, anna):
    for token in (tokens.make_unsubscribe_token(anna), tokens.make_confirm_token(anna)):
        assert client.get(f"/newsletter/einstellungen/{token}/").status_code == 404


def test_an_address_that_left_sees_a_note_and_can_change_nothing(client, anna):
    path = page_of(anna)
    Subscriber.objects.filter(pk=anna.pk).update(status=Subscriber.Status.UNSUBSCRIBED)

    page = client.get(path)
    client.post(path, {"first_name": "Fremd", "topics": ["baby"]})

    assert "Keine Elternpost für diese Adresse" in page.content.decode()
    assert "anna@example.org" not in page.content.decode()
    anna.refresh_from_db()
    assert anna.first_name == "Anna"


def test_an_erased_address_makes_the_link_invalid(client, anna):
    path = page_of(anna)
    anna.delete()

    assert client.get(path).status_code == 404


def test_the_preview_link_explains_itself(client):
    response = client.get("/newsletter/einstellungen/vorschau/")

    assert response.status_code == 200
    assert "Link aus einer Vorschau" in response.content.decode()
