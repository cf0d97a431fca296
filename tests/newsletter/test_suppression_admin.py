"""Blocked addresses in the admin: counted and filtered by status, the reason shown, and
a "reactivate" that only ever sends a new opt-in mail."""

import pytest
from django.contrib.auth.models import Permission, User

from newsletter import outbox
from newsletter.models import Subscriber
from newsletter.suppression import mail_event_record
from tests.newsletter.editions import make_subscriber

pytestmark = pytest.mark.django_db
ADMIN = "/admin/newsletter/subscriber/"
Status = Subscriber.Status


@pytest.fixture
def blocked():
    make_subscriber("anna@example.org")
    make_subscriber("ben@example.org")
    weg = make_subscriber("weg@example.org")
    mail_event_record(
        email=weg.email, kind="refused", source="smtp", reason="550 5.1.1 Postfach unbekannt"
    )
    spam = make_subscriber("spam@example.org")
    mail_event_record(email=spam.email, kind="complaint", source="Postmark")
    return Subscriber.objects.get(pk=weg.pk), Subscriber.objects.get(pk=spam.pk)


def test_the_list_counts_and_filters_by_status_and_shows_the_reason(admin_client, blocked):
    page = admin_client.get(ADMIN).content.decode()
    assert "Gesperrt: unzustellbar (1)" in page
    assert "Gesperrt: Spam-Beschwerde (1)" in page
    assert "Bestätigt (2)" in page

    filtered = admin_client.get(ADMIN, {"status__exact": "bounced"}).content.decode()
    assert "weg@example.org" in filtered
    assert "anna@example.org" not in filtered
    assert "550 5.1.1 Postfach unbekannt" in filtered


def test_the_change_page_explains_the_block_and_lists_the_events(admin_client, blocked):
    weg, _ = blocked
    page = admin_client.get(f"{ADMIN}{weg.pk}/change/").content.decode()
    assert "bis die Person sich neu anmeldet" in page
    assert "nach einer Beschwerde genauso" in page
    assert "Abgewiesen (Mailserver 5xx oder Maildienst)" in page
    assert "Gesperrt seit" in page


def test_reactivate_only_sends_a_new_opt_in_mail(admin_client, blocked, smtp_server):
    weg, spam = blocked
    anna = Subscriber.objects.get(email="anna@example.org")
    ids = [weg.pk, spam.pk, anna.pk]

    response = admin_client.post(
        ADMIN, {"action": "reactivate", "_selected_action": ids, "index": 0}, follow=True
    )

    page = response.content.decode()
    assert "2 gesperrte Adresse(n) bekommen eine neue Bestätigungsmail" in page
    assert "1 nicht gesperrte Adresse(n) übergangen" in page
    # Still blocked, with a new round open until its mailbox confirms it.
    rounds = {s.email: (s.status, bool(s.pending_round)) for s in Subscriber.objects.all()}
    assert rounds["weg@example.org"] == (weg.status, True)
    assert rounds["spam@example.org"] == (spam.status, True)
    assert rounds["anna@example.org"] == (Status.CONFIRMED, False)
    for subscriber in (weg, spam):
        outbox.confirmation_mail_send(subscriber_id=subscriber.pk)
    subjects = {m["To"]: m["Subject"] for m in smtp_server.messages}
    assert subjects == {
        "weg@example.org": "Bitte bestätigen Sie Ihre Anmeldung zur Elternpost",
        "spam@example.org": "Bitte bestätigen Sie Ihre Anmeldung zur Elternpost",
    }
    assert Subscriber.objects.confirmed().count() == 2  # nobody is mailable before clicking


@pytest.mark.parametrize("action", ["reactivate", "unsubscribe"])
def test_a_view_only_user_cannot_run_the_actions(client, blocked, action):
    user = User.objects.create_user("leserechte", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(user)
    ids = list(Subscriber.objects.values_list("pk", flat=True))

    client.post(ADMIN, {"action": action, "_selected_action": ids, "index": 0})

    statuses = sorted(Subscriber.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [Status.BOUNCED, Status.COMPLAINED, Status.CONFIRMED, Status.CONFIRMED]
    )
