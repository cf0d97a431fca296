"""A subscriber opens her own page from an edition, changes topics and name, then leaves."""

import re

import pytest
from django.core import mail

from newsletter import services
from newsletter.models import Edition, Subscriber, Topic
from tests.newsletter.editions import make_subscriber, send_all_batches

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_subscriber_changes_her_topics_and_name_and_then_unsubscribes(
    page, live_server, settings
):
    settings.SITE_URL = live_server.url  # links in mails point at the live server
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60_000
    for n, name in enumerate(["Baby", "Kleinkind", "Kita", "Schule"]):
        Topic.objects.create(name=name, slug=name.lower(), position=n)
    anna = make_subscriber("anna@example.org", first_name="Anna")
    anna.topics.set(Topic.objects.filter(slug="kita"))
    edition = Edition.objects.create(subject="Elternpost im Mai", body="<p>Hallo!</p>")
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)
    [message] = mail.outbox
    link = re.search(r"Ihre Einstellungen \(Themen, Vorname\): (\S+)", message.body).group(1)

    page.goto(link)

    assert page.locator("h1").inner_text() == "Ihre Elternpost-Einstellungen"
    assert page.get_by_label("Vorname").input_value() == "Anna"
    assert page.get_by_label("Kita").is_checked()
    assert not page.get_by_label("Baby").is_checked()
    page.get_by_label("Vorname").fill("Anni")
    page.get_by_label("Kita").uncheck()
    page.get_by_label("Baby").check()
    page.get_by_role("button", name="Einstellungen speichern").click()

    page.wait_for_load_state()
    assert "Gespeichert" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Vorname").input_value() == "Anni"
    assert page.get_by_label("Baby").is_checked()
    anna.refresh_from_db()
    assert anna.first_name == "Anni"
    assert [topic.slug for topic in anna.topics.all()] == ["baby"]
    assert anna.topics_changed_at is not None

    page.get_by_role("button", name="Jetzt abmelden").click()
    page.wait_for_url("**/newsletter/abgemeldet/")
    assert page.locator("h1").inner_text() == "Sie sind abgemeldet"
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
