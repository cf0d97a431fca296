"""Topics: chosen at signup, changed on the subscriber's own page, and who gets an edition."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from newsletter import services, tokens
from newsletter.models import Delivery, Edition, Subscriber, Topic
from tests.newsletter.editions import make_edition, make_subscriber, send_all_batches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("edition_settings")]

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def topics():
    return {
        slug: Topic.objects.create(name=name, slug=slug, position=n)
        for n, (name, slug) in enumerate(
            [("Baby", "baby"), ("Kleinkind", "kleinkind"), ("Kita", "kita"), ("Schule", "schule")]
        )
    }


def subscriber_with(email, *chosen):
    subscriber = make_subscriber(email)
    subscriber.topics.set(chosen)
    return subscriber


# --- Choosing at signup --------------------------------------------------------------------


def test_the_signup_form_offers_the_topics_as_optional_checkboxes(client, topics):
    html = client.get("/newsletter/").content.decode()

    for slug in topics:
        assert f'type="checkbox" name="topics" value="{slug}"' in html
    assert "ohne Auswahl bekommen Sie alle Ausgaben" in html
    assert html.count(" required") == 2  # still only the address and the consent


def test_without_topics_the_form_shows_no_topic_choice(client):
    assert 'name="topics"' not in client.get("/newsletter/").content.decode()


@time_machine.travel(NOON, tick=False)
def test_a_signup_keeps_the_chosen_topics_and_when_they_were_chosen(signup, topics):
    signup("eltern@example.org", topics=["kita", "schule"])
    signup("alles@example.org")

    chosen = Subscriber.objects.get(email="eltern@example.org")
    assert {topic.slug for topic in chosen.topics.all()} == {"kita", "schule"}
    assert chosen.topics_changed_at == NOON
    assert not Subscriber.objects.get(email="alles@example.org").topics.exists()


@pytest.mark.parametrize("bad", ["gibt-es-nicht", "<script>", "x" * 5000, ""])
def test_an_unknown_topic_is_refused_in_german(signup, topics, bad):
    response = signup("eltern@example.org", topics=["kita", bad])

    html = response.content.decode()
    assert "Dieses Thema gibt es nicht (mehr)" in html
    assert "<script>" not in html.split('id="newsletter-topics-errors"')[1]
    assert not Subscriber.objects.exists()


def test_a_mistake_on_an_article_keeps_the_ticked_topics(client, topics):
    client.post(
        "/newsletter/", {"email": "kaputt", "topics": ["kita"], "consent": "on", "source": "/"}
    )
    html = client.get("/").content.decode()

    assert 'value="kita" id="newsletter-topic-kita" checked' in html
    assert 'value="baby" id="newsletter-topic-baby">' in html


def test_signing_up_again_takes_the_new_topics_only_when_confirmed(topics):
    with time_machine.travel(NOON, tick=False):
        subscriber = services.subscriber_subscribe(email="a@example.org", topics=[topics["baby"]])
        services.subscriber_unsubscribe(subscriber_id=subscriber.pk)
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        services.subscriber_subscribe(email="a@example.org", topics=[topics["schule"]])
        subscriber.refresh_from_db()
        assert [topic.slug for topic in subscriber.topics.all()] == ["baby"]
        subscriber_id, stamp = tokens.read_confirm_token(tokens.make_confirm_token(subscriber))
    with time_machine.travel(NOON + dt.timedelta(days=2), tick=False):
        services.subscriber_confirm(subscriber_id=subscriber_id, round_stamp=stamp)

    subscriber.refresh_from_db()
    assert [topic.slug for topic in subscriber.topics.all()] == ["schule"]
    assert subscriber.topics_changed_at == NOON + dt.timedelta(days=1)


# --- Who gets an edition -------------------------------------------------------------------


def test_an_edition_without_topics_goes_to_every_confirmed_subscriber(topics):
    subscriber_with("baby@example.org", topics["baby"])
    subscriber_with("alles@example.org")
    make_subscriber("offen@example.org", status=Subscriber.Status.PENDING)

    recipients = Subscriber.objects.recipients_of(make_edition())

    assert sorted(s.email for s in recipients) == ["alles@example.org", "baby@example.org"]


def test_an_edition_with_topics_goes_to_those_who_chose_one_of_them_or_none(
    topics, django_assert_num_queries
):
    subscriber_with("baby@example.org", topics["baby"])
    subscriber_with("kita@example.org", topics["kita"])
    subscriber_with("beides@example.org", topics["kita"], topics["schule"])
    subscriber_with("alles@example.org")
    gone = subscriber_with("weg@example.org", topics["kita"])
    Subscriber.objects.filter(pk=gone.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    edition = make_edition()
    edition.topics.set([topics["kita"], topics["schule"]])

    # the edition's topics, then the recipients (each once, however many topics match)
    with django_assert_num_queries(2):
        emails = sorted(s.email for s in Subscriber.objects.recipients_of(edition))

    assert emails == ["alles@example.org", "beides@example.org", "kita@example.org"]


def test_sending_an_edition_with_topics_mails_exactly_its_recipients(topics):
    subscriber_with("baby@example.org", topics["baby"])
    subscriber_with("kita@example.org", topics["kita"])
    subscriber_with("alles@example.org")
    edition = make_edition()
    edition.topics.set([topics["kita"]])

    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    assert sorted(m.to[0] for m in mail.outbox) == ["alles@example.org", "kita@example.org"]
    assert Delivery.objects.count() == 2


def test_the_send_confirmation_says_how_many_and_for_which_topics(admin_client, topics):
    subscriber_with("baby@example.org", topics["baby"])
    subscriber_with("kita@example.org", topics["kita"])
    edition = make_edition()
    edition.topics.set([topics["kita"]])

    url = reverse("admin:newsletter_edition_send", args=[edition.pk])
    html = admin_client.get(url).content.decode()

    assert "1 Person, die ihre Anmeldung bestätigt hat" in html
    assert "Nur für das Thema „Kita“" in html
    assert 'value="Ja, an diese eine Person senden"' in html


def test_the_author_chooses_an_editions_topics_in_the_admin(admin_client, topics):
    response = admin_client.post(
        reverse("admin:newsletter_edition_add"),
        {"subject": "Nur für Kita-Eltern", "body": "<p>Hallo</p>", "topics": [topics["kita"].pk]},
    )

    assert response.status_code == 302
    edition = Edition.objects.get()
    assert [topic.slug for topic in edition.topics.all()] == ["kita"]
    html = admin_client.get(reverse("admin:newsletter_edition_add")).content.decode()
    assert 'type="checkbox" name="topics"' in html


def test_every_edition_mail_carries_the_subscribers_own_settings_link(topics):
    anna = make_subscriber("anna@example.org")
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    [message] = mail.outbox
    link = tokens.preferences_url(anna)
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]


def test_the_export_lists_the_chosen_topics(topics):
    anna = subscriber_with("anna@example.org", topics["kita"])

    assert anna.personal_data()["topics"] == ["Kita"]


def test_the_author_manages_topics_in_the_admin_and_the_form_shows_them_as_text(
    admin_client, client
):
    response = admin_client.post(
        reverse("admin:newsletter_topic_add"),
        {
            "name": "Pubertät <script>",
            "slug": "pubertaet",
            "description": "Ab zwölf",
            "position": 5,
        },
    )

    assert response.status_code == 302
    html = client.get("/newsletter/").content.decode()
    assert "Pubertät &lt;script&gt;" in html
    assert 'value="pubertaet"' in html
    assert "Ab zwölf" in html
