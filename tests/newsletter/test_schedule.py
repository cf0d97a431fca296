"""Scheduled editions: planned in the admin, started by the real worker at their time, once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core import daily
from newsletter import scheduling
from newsletter.edition_admin import EditionAdminForm
from newsletter.models import Edition
from tests.newsletter.editions import make_confirmed, make_edition

pytestmark = pytest.mark.usefixtures("edition_settings")

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)  # when the author plans
TUESDAY_0730 = dt.datetime(2026, 12, 1, 7, 30, tzinfo=BERLIN)
WEDNESDAY_0730 = dt.datetime(2026, 12, 2, 7, 30, tzinfo=BERLIN)


def url(view, edition):
    return reverse(f"admin:newsletter_edition_{view}", args=[edition.pk])


@pytest.fixture
def author(client, db):
    user = User.objects.create_superuser("mara", "mara@example.org", "geheim-genug-123")
    client.force_login(user)
    return client


def schedule(client, edition, local):
    """The schedule step on the send page, as the browser posts it (Berlin time)."""
    return client.post(url("send", edition), {"scheduled_for": local, "_schedule": "1"})


def after(moment, minutes=1):
    """The clock a minute after `moment`, running on."""
    return time_machine.travel(moment + dt.timedelta(minutes=minutes), tick=True)


def starts():
    return DBTaskResult.objects.filter(task_path=scheduling.start_scheduled_edition.module_path)


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_edition_goes_out_at_its_time_exactly_once(author, smtp_server, run_worker):
    make_confirmed(3)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        response = schedule(author, edition, "2026-12-01T07:30")
        edition.refresh_from_db()
        assert response["Location"] == url("change", edition)
        assert (edition.status, edition.scheduled_for) == (Edition.Status.SCHEDULED, TUESDAY_0730)
        run_worker()  # nothing is due yet
        assert smtp_server.messages == []

    with after(TUESDAY_0730):
        run_worker()
        run_worker()

    assert len(smtp_server.messages) == 3
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert edition.started_at >= TUESDAY_0730
    assert [task.return_value for task in starts()] == ["1 gestartet"]


@pytest.mark.django_db(transaction=True)
def test_cancelled_nothing_goes_out(author, smtp_server, run_worker):
    make_confirmed(2)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        schedule(author, edition, "2026-12-01T07:30")
        response = author.post(url("send", edition), {"_unschedule": "1"})

    with after(TUESDAY_0730):
        run_worker()

    assert response["Location"] == url("change", edition)
    assert smtp_server.messages == []
    edition.refresh_from_db()
    assert (edition.status, edition.scheduled_for) == (Edition.Status.DRAFT, None)
    assert [task.return_value for task in starts()] == ["0 gestartet"]


@pytest.mark.django_db(transaction=True)
def test_moved_later_it_goes_out_at_the_new_time_only(author, smtp_server, run_worker):
    make_confirmed(2)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        schedule(author, edition, "2026-12-01T07:30")
        schedule(author, edition, "2026-12-02T07:30")

    with after(TUESDAY_0730):
        run_worker()
        assert smtp_server.messages == []
        assert Edition.objects.get().status == Edition.Status.SCHEDULED
    with after(WEDNESDAY_0730):
        run_worker()

    assert len(smtp_server.messages) == 2
    assert Edition.objects.get().started_at >= WEDNESDAY_0730


@pytest.mark.django_db(transaction=True)
def test_moved_earlier_the_old_start_finds_nothing_to_do(author, smtp_server, run_worker):
    make_confirmed(2)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        schedule(author, edition, "2026-12-02T07:30")
        schedule(author, edition, "2026-12-01T07:30")

    with after(TUESDAY_0730):
        run_worker()
    with after(WEDNESDAY_0730):
        run_worker()

    assert len(smtp_server.messages) == 2
    assert sorted(task.return_value for task in starts()) == ["0 gestartet", "1 gestartet"]


@pytest.mark.django_db(transaction=True)
def test_sent_now_by_the_command_the_scheduled_start_does_nothing(smtp_server, run_worker):
    make_confirmed(2)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)
        call_command("send_edition", str(edition.pk))

    with after(TUESDAY_0730):
        run_worker()

    assert len(smtp_server.messages) == 2
    assert Edition.objects.get().status == Edition.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_the_daily_jobs_start_an_edition_whose_task_was_lost(smtp_server, run_worker):
    make_confirmed(1)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)
    starts().delete()

    with after(TUESDAY_0730, minutes=60):
        daily.schedule()
        run_worker()

    assert len(smtp_server.messages) == 1
    assert "newsletter.scheduling.start_due_editions" in daily.jobs()


@pytest.mark.django_db(transaction=True)
def test_an_edition_emptied_after_scheduling_goes_back_to_draft(smtp_server, run_worker):
    make_confirmed(1)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)
    Edition.objects.filter(pk=edition.pk).update(body="<p> </p>")

    with after(TUESDAY_0730):
        run_worker()

    assert smtp_server.messages == []
    edition.refresh_from_db()
    assert (edition.status, edition.scheduled_for) == (Edition.Status.DRAFT, None)


@pytest.mark.django_db(transaction=True)
def test_changes_saved_before_the_time_go_out(author, smtp_server, run_worker):
    make_confirmed(1)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=True):
        schedule(author, edition, "2026-12-01T07:30")
        response = author.post(
            url("change", edition),
            {"subject": "Neuer Betreff", "body": "<p>Noch schnell geändert.</p>"},
        )
    with after(TUESDAY_0730):
        run_worker()

    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["Subject"] == "Neuer Betreff"
    assert "Noch schnell geändert." in message.get_body(preferencelist=("plain",)).get_content()


# --- The admin's pages and their German answers -------------------------------------------


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_list_change_and_send_pages_say_when_it_is_planned(author):
    make_confirmed(1)
    edition = make_edition()
    scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)

    listing = author.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    change = author.get(url("change", edition)).content.decode()
    send = author.get(url("send", edition)).content.decode()

    assert "geplant für 1. Dezember 2026, 07:30 Uhr" in listing
    assert "geplant für 1. Dezember 2026, 07:30 Uhr" in change
    assert "Planung ändern, aufheben oder jetzt senden" in change
    assert "geplant für 1. Dezember 2026, 07:30 Uhr" in send
    assert 'value="2026-12-01T07:30"' in send
    assert "Planung aufheben" in send


@pytest.mark.django_db
def test_the_list_warns_when_a_start_is_overdue(author):
    make_confirmed(1)
    edition = make_edition()
    with time_machine.travel(MONDAY, tick=False):
        scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)

    with after(TUESDAY_0730, minutes=1):
        in_time = author.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    with after(TUESDAY_0730, minutes=10):
        overdue = author.get(reverse("admin:newsletter_edition_changelist")).content.decode()

    assert "überfällig" not in in_time
    assert "überfällig: Läuft der Task-Worker (db_worker)?" in overdue


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-30T10:59", "ist schon vorbei"),  # 09:59 UTC: a minute ago
        ("2028-01-01T08:00", "höchstens ein Jahr im Voraus"),
        ("", "Bitte wählen Sie Datum und Uhrzeit"),
        ("morgen früh", "Bitte geben Sie Datum und Uhrzeit vollständig an"),
        ("<script>alert(1)</script>", "Bitte geben Sie Datum und Uhrzeit vollständig an"),
        ("2" * 10_000, "Bitte geben Sie Datum und Uhrzeit vollständig an"),
        ("2027-03-28T02:30", "Europe/Berlin"),  # does not exist: clocks jump to 03:00
    ],
)
def test_a_bad_time_is_refused_in_german(author, value, message):
    make_confirmed(1)
    edition = make_edition()

    response = schedule(author, edition, value)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert" not in html
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert not starts().exists()


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_nobody_to_send_to_is_refused(author):
    make_confirmed(0)
    edition = make_edition()

    response = schedule(author, edition, "2026-12-01T07:30")

    assert "Es gibt noch keine bestätigten Abonnentinnen und Abonnenten" in (
        response.content.decode()
    )
    assert Edition.objects.get().status == Edition.Status.DRAFT
    assert not starts().exists()


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_an_empty_edition_is_refused(author):
    make_confirmed(1)
    edition = make_edition(body="")

    response = schedule(author, edition, "2026-12-01T07:30")

    assert "Die Ausgabe ist leer" in response.content.decode()
    assert Edition.objects.get().status == Edition.Status.DRAFT


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_scheduling_needs_the_send_permission(client):
    make_confirmed(1)
    edition = make_edition()
    user = User.objects.create_user("gast", "g@example.org", "x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_edition", "change_edition"])
    )
    client.force_login(user)

    response = schedule(client, edition, "2026-12-01T07:30")

    assert response.status_code == 403
    assert Edition.objects.get().status == Edition.Status.DRAFT


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_an_edit_that_arrives_after_the_start_is_refused():
    make_confirmed(1)
    edition = make_edition()
    scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)
    stale = Edition.objects.get()  # the change page as the author opened it
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENDING)

    form = EditionAdminForm({"subject": "Zu spät", "body": "<p>x</p>"}, instance=stale)

    assert not form.is_valid()
    assert "Der Versand dieser Ausgabe hat inzwischen begonnen" in str(form.errors)


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_cancelling_what_already_started_explains_itself(author):
    make_confirmed(1)
    edition = make_edition()
    scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENDING)

    response = author.post(url("send", edition), {"_unschedule": "1"}, follow=True)

    assert "nicht (mehr) geplant" in response.content.decode()
    assert Edition.objects.get().status == Edition.Status.SENDING


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_a_scheduled_edition_is_not_in_the_archive_before_it_goes_out(client):
    make_confirmed(1)
    edition = make_edition()
    scheduling.edition_schedule(edition=edition, when=TUESDAY_0730)

    assert client.get(edition.get_absolute_url()).status_code == 404
    assert edition.subject not in client.get("/newsletter/archiv/").content.decode()
