"""The author's side of privacy: list, CSV, JSON export, erasure, cleanup, consent versions."""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command

from core.daily import run_daily_jobs
from newsletter.models import SignupBox, Subscriber
from newsletter.services import subscriber_subscribe

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
ADMIN = "/admin/newsletter/subscriber/"


@pytest.fixture
def subscribers():
    with time_machine.travel(NOON, tick=False):
        anna = subscriber_subscribe(
            email="anna@example.org", first_name="Änne", consent_page="/artikel/kita/"
        )
        Subscriber.objects.filter(pk=anna.pk).update(
            status=Subscriber.Status.CONFIRMED, confirmed_at=NOON + dt.timedelta(hours=1)
        )
        formula = subscriber_subscribe(email="=cmd@example.org", first_name="=HYPERLINK(1)")
    return anna, formula


def test_subscriber_list_shows_status_dates_and_searches(admin_client, subscribers):
    response = admin_client.get(ADMIN, {"q": "anna"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "anna@example.org" in html
    assert "=cmd@example.org" not in html
    assert "Bestätigt" in html
    assert "2. März 2026" in html


def test_subscriber_list_runs_a_fixed_number_of_queries(
    admin_client, subscribers, django_assert_max_num_queries
):
    subscriber_subscribe(email="dritte@example.org")
    # session, user, two counts, whether a welcome mail exists, the page of subscribers, the
    # date hierarchy, the three filters' counts (facets); the same for 3 or 300 rows.
    with django_assert_max_num_queries(11):
        admin_client.get(ADMIN)


def test_csv_export_opens_cleanly_in_excel(admin_client, subscribers):
    ids = [subscriber.pk for subscriber in subscribers]

    response = admin_client.post(
        ADMIN, {"action": "export_csv", "_selected_action": ids, "index": 0}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["E-Mail-Adresse", "Vorname", "Status"]
    assert rows[1][:4] == ["anna@example.org", "Änne", "Bestätigt", "02.03.2026 13:00"]
    assert rows[1][5] == "02.03.2026 14:00"
    # Cells that Excel would run as formulas are kept as text.
    assert rows[2][:2] == ["'=cmd@example.org", "'=HYPERLINK(1)"]


def test_json_export_holds_everything_stored_about_one_address(admin_client, subscribers):
    anna, _ = subscribers

    response = admin_client.get(f"{ADMIN}{anna.pk}/export/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "anna@example.org"
    assert data["first_name"] == "Änne"
    assert data["status"] == "Bestätigt"
    assert data["consent_text"] == SignupBox.objects.current().consent_text
    assert data["consent_version"] == 1
    assert data["consent_page"] == "/artikel/kita/"
    assert data["created_at"] == "2026-03-02T12:00:00+00:00"
    assert data["confirmed_at"] == "2026-03-02T13:00:00+00:00"
    expected = {field.name for field in Subscriber._meta.concrete_fields}
    assert expected <= set(data)


def test_json_export_of_a_missing_subscriber_redirects(admin_client):
    response = admin_client.get(f"{ADMIN}999/export/")

    assert response.status_code == 302


def test_export_and_erase_are_staff_only(client, subscribers):
    anna, _ = subscribers

    assert client.get(f"{ADMIN}{anna.pk}/export/").status_code == 302
    assert client.post(f"{ADMIN}{anna.pk}/delete/", {"post": "yes"}).status_code == 302
    assert Subscriber.objects.filter(pk=anna.pk).exists()


def test_change_page_offers_export_and_erasure(admin_client, subscribers):
    anna, _ = subscribers

    html = admin_client.get(f"{ADMIN}{anna.pk}/change/").content.decode()

    assert f"{ADMIN}{anna.pk}/export/" in html
    assert "Alle Daten löschen (Art. 17 DSGVO)" in html


def test_erase_removes_the_address_and_everything_about_it(admin_client, subscribers):
    anna, _ = subscribers

    response = admin_client.post(f"{ADMIN}{anna.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Subscriber.objects.filter(email__iexact="anna@example.org").exists()


def test_subscribers_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(f"{ADMIN}add/").status_code == 403


def test_unconfirmed_signups_are_deleted_after_thirty_days(subscribers):
    with time_machine.travel(NOON + dt.timedelta(days=29), tick=False):
        recent = subscriber_subscribe(email="neu@example.org")

    with time_machine.travel(NOON + dt.timedelta(days=30, minutes=1), tick=False):
        out = io.StringIO()
        call_command("cleanup_newsletter", stdout=out)

    assert "Unbestätigte Anmeldungen gelöscht: 1" in out.getvalue()
    remaining = set(Subscriber.objects.values_list("email", flat=True))
    assert remaining == {"anna@example.org", recent.email}


def test_the_daily_jobs_delete_unconfirmed_signups(subscribers):
    with time_machine.travel(NOON + dt.timedelta(days=31), tick=False):
        results = run_daily_jobs.call()

    assert results["newsletter.services.subscriber_cleanup_unconfirmed"] == "1"
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"anna@example.org"}


def test_a_new_consent_text_is_a_new_version_and_subscribers_keep_theirs(admin_client, subscribers):
    anna, _ = subscribers
    box = SignupBox.objects.current_saved()
    url = f"/admin/newsletter/signupbox/{box.pk}/change/"
    form = {"heading": box.heading, "pitch": box.pitch, "consent_text": box.consent_text}

    form["heading"] = "Neue Überschrift"
    admin_client.post(url, form)
    assert SignupBox.objects.count() == 1
    admin_client.post(url, form | {"consent_text": "Neuer Wortlaut der Einwilligung."})

    assert SignupBox.objects.count() == 2
    current = SignupBox.objects.current()
    assert (current.version, current.heading) == (2, "Neue Überschrift")
    assert current.consent_text == "Neuer Wortlaut der Einwilligung."
    assert SignupBox.objects.get(version=1).consent_text == box.consent_text
    anna.refresh_from_db()
    assert (anna.consent_version, anna.consent_text) == (1, box.consent_text)


def test_old_consent_versions_cannot_be_changed_or_deleted(admin_client):
    old = SignupBox.objects.current_saved()
    SignupBox.objects.create(heading="H", consent_text="Zwei", version=2)

    html = admin_client.get(f"/admin/newsletter/signupbox/{old.pk}/change/").content.decode()
    admin_client.post(
        f"/admin/newsletter/signupbox/{old.pk}/change/",
        {"heading": "x", "pitch": "", "consent_text": "umgeschrieben"},
    )

    assert 'name="consent_text"' not in html
    assert SignupBox.objects.get(pk=old.pk).consent_text == old.consent_text
    assert admin_client.get(f"/admin/newsletter/signupbox/{old.pk}/delete/").status_code == 403


def test_signup_box_text_from_the_admin_appears_in_the_form(client):
    SignupBox.objects.create(
        heading="Post für Eltern", pitch="Kurz und gut.", consent_text="Ich will.", version=5
    )

    html = client.get("/newsletter/").content.decode()

    assert "Post für Eltern" in html
    assert "Kurz und gut." in html
    assert "Ich will. Mehr dazu in der" in html
    assert 'name="consent_version" value="5"' in html


def test_export_and_erase_cover_the_deliveries_of_editions(admin_client, subscribers):
    from newsletter.models import Delivery, Edition

    anna, _ = subscribers
    edition = Edition.objects.create(subject="Elternpost im März", body="<p>Hallo</p>")
    Delivery.objects.create(edition=edition, subscriber=anna, status="sent", sent_at=NOON)

    data = json.loads(admin_client.get(f"{ADMIN}{anna.pk}/export/").content)
    admin_client.post(f"{ADMIN}{anna.pk}/delete/", {"post": "yes"})

    [delivery] = data["Zustellungen"]
    assert delivery["edition"] == edition.pk
    assert delivery["sent_at"] == "2026-03-02T12:00:00+00:00"
    assert not Delivery.objects.exists()
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_cleanup_spares_an_old_signup_whose_new_link_is_still_valid(subscribers):
    _, old_pending = subscribers
    sent = NOON + dt.timedelta(days=27)
    Subscriber.objects.filter(pk=old_pending.pk).update(confirmation_sent_at=sent)

    with time_machine.travel(sent + dt.timedelta(days=6), tick=False):
        call_command("cleanup_newsletter", stdout=io.StringIO())
        assert Subscriber.objects.filter(pk=old_pending.pk).exists()
    with time_machine.travel(sent + dt.timedelta(days=7, minutes=1), tick=False):
        call_command("cleanup_newsletter", stdout=io.StringIO())
        assert not Subscriber.objects.filter(pk=old_pending.pk).exists()
