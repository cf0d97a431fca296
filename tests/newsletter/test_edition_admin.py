"""The author's workplace for editions: preview, test mail, confirmation step, progress."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import outbox, services
from newsletter.models import Delivery, Edition
from tests.newsletter.editions import (
    make_confirmed,
    make_edition,
    send_all_batches,
)

pytestmark = pytest.mark.usefixtures("edition_settings")


def url(view, edition):
    return reverse(f"admin:newsletter_edition_{view}", args=[edition.pk])


def form_data(edition, **extra):
    return {
        "subject": edition.subject,
        "body": edition.body,
        "include_articles": "",
        "include_quote": "",
        **extra,
    }


@pytest.fixture
def author(db):
    user = User.objects.create_user(
        "mara", "mara@example.org", "geheim-genug-123", first_name="Mara", is_staff=True
    )
    perms = Permission.objects.filter(
        content_type__app_label="newsletter",
        codename__in=["view_edition", "change_edition", "add_edition", "send_edition"],
    )
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def test_preview_shows_the_html_mail_with_the_authors_first_name(author_client):
    edition = make_edition(body="<p>Heute geht es um <strong>Geduld</strong>.</p>")

    response = author_client.get(url("preview", edition))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Guten Tag, Mara," in html
    assert "<strong" in html and "Geduld" in html
    assert 'style="' in html
    assert "<img" not in html


def test_text_preview_is_the_plain_text_part(author_client):
    edition = make_edition(body="<h2>Schlaf</h2><p>Ein <a href='/artikel/schlaf/'>Artikel</a>.</p>")

    response = author_client.get(url("preview_text", edition))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Schlaf\n======" in text
    assert "Artikel (https://elternblog.example/artikel/schlaf/?utm_source=elternpost)" in text


def test_send_test_button_saves_first_and_mails_only_the_logged_in_author(
    author_client, smtp_server
):
    make_confirmed(2)
    edition = make_edition()

    response = author_client.post(
        url("change", edition), form_data(edition, subject="Neuer Betreff", _send_test="1")
    )

    assert response.status_code == 302
    assert response["Location"] == url("change", edition)
    [message] = smtp_server.messages
    assert message["To"] == "mara@example.org"
    assert message["Subject"] == "[Test] Neuer Betreff"
    assert not Delivery.objects.exists()
    edition.refresh_from_db()
    assert (edition.subject, edition.status) == ("Neuer Betreff", Edition.Status.DRAFT)


def test_send_test_without_an_address_on_the_account_explains_itself(author_client, author):
    author.email = ""
    author.save()
    edition = make_edition()

    response = author_client.post(
        url("change", edition), form_data(edition, _send_test="1"), follow=True
    )

    assert "Ihr Benutzerkonto hat keine E-Mail-Adresse" in response.content.decode()


def test_send_all_button_leads_to_a_confirmation_page_that_sends_nothing(author_client):
    make_confirmed(3)
    edition = make_edition()

    response = author_client.post(url("change", edition), form_data(edition, _send_all="1"))
    assert response["Location"] == url("send", edition)
    page = author_client.get(url("send", edition))

    html = page.content.decode()
    assert "an <strong>3 Personen, die ihre Anmeldung bestätigt haben</strong>" in html
    assert 'value="Ja, an alle 3 senden"' in html
    assert not Delivery.objects.exists()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_the_confirmation_page_speaks_of_one_recipient_in_the_singular(author_client):
    make_confirmed(1)
    edition = make_edition()

    html = author_client.get(url("send", edition)).content.decode()

    assert "an <strong>1 Person, die ihre Anmeldung bestätigt hat</strong>" in html
    assert 'value="Ja, an diese eine Person senden"' in html
    assert "an alle 1" not in html


@pytest.mark.django_db(transaction=True)
def test_confirming_sends_to_everyone_through_the_worker(client, smtp_server, run_worker):
    user = User.objects.create_superuser("chefin", "chefin@example.org", "geheim-genug-123")
    client.force_login(user)
    make_confirmed(3)
    edition = make_edition()

    response = client.post(url("send", edition))
    run_worker()

    assert response["Location"] == url("progress", edition)
    assert len(smtp_server.inbox) == 3
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT


def test_a_second_click_on_send_does_not_start_a_second_chain(
    author_client, django_capture_on_commit_callbacks
):
    make_confirmed(2)
    edition = make_edition()

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(url("send", edition))
        second = author_client.post(url("send", edition), follow=True)

    assert "Der Versand läuft bereits." in second.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert Delivery.objects.count() == 2


def test_resuming_a_stalled_send_queues_it_again(author_client, django_capture_on_commit_callbacks):
    make_confirmed(2)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = author_client.post(url("send", edition))

    assert response["Location"] == url("progress", edition)
    assert DBTaskResult.objects.count() == 1


def test_staff_without_the_send_permission_cannot_send(client, author):
    author.user_permissions.remove(Permission.objects.get(codename="send_edition"))
    client.force_login(author)
    make_confirmed(1)
    edition = make_edition()

    assert client.get(url("send", edition)).status_code == 403
    assert client.post(url("send", edition)).status_code == 403
    assert "_send_all" not in client.get(url("change", edition)).content.decode()
    assert not Delivery.objects.exists()


def test_progress_refreshes_itself_while_sending_and_counts_each_state(
    author_client, smtp_server, settings
):
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60  # a batch of 10 leaves 2 open
    make_confirmed(12)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    outbox.edition_send_batch(edition_id=edition.pk)

    html = author_client.get(url("progress", edition)).content.decode()

    assert '<meta http-equiv="refresh" content="5">' in html
    assert '<th scope="row">gesendet</th><td>10</td>' in html
    assert '<th scope="row">offen</th><td>2</td>' in html
    assert '<th scope="row">fehlgeschlagen</th><td>0</td>' in html
    assert "<script" not in html.split("<body")[1].split("</main>")[0]


def test_progress_stops_refreshing_when_everything_is_sent(author_client, smtp_server):
    make_confirmed(2)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    html = author_client.get(url("progress", edition)).content.decode()

    assert 'http-equiv="refresh"' not in html
    assert "Versendet" in html


def test_progress_offers_to_resume_when_no_worker_picks_the_edition_up(author_client):
    make_confirmed(2)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        html = author_client.get(url("progress", edition)).content.decode()

    assert "Der Versand kommt nicht voran" in html
    assert 'value="Versand fortsetzen"' in html


def test_a_sent_edition_is_read_only(author_client, smtp_server):
    make_confirmed(1)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    page = author_client.get(url("change", edition)).content.decode()
    response = author_client.post(url("change", edition), form_data(edition, subject="Anders"))

    assert 'name="_save"' not in page
    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.subject != "Anders"


def test_the_body_is_sanitized_when_saved_from_the_admin(author_client):
    response = author_client.post(
        reverse("admin:newsletter_edition_add"),
        {
            "subject": "Mit Skript",
            "body": '<p onclick="x()">Hallo</p><script>alert(1)</script>',
            "include_articles": "on",
        },
    )

    assert response.status_code == 302
    assert Edition.objects.get().body == "<p>Hallo</p>"


def write_around_the_orm(edition, body):
    """What a raw SQL fix or an old backup could leave behind: HTML nobody sanitized."""
    table = Edition._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET body = %s WHERE id = %s", [body, edition.pk])


def test_a_sent_editions_page_never_prints_raw_html_from_the_database(author_client):
    make_confirmed(1)
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    write_around_the_orm(edition, '<p onmouseover="x()">Hallo</p><script>alert(1)</script>')

    page = author_client.get(url("change", edition)).content.decode()

    assert "<p>Hallo</p>" in page
    assert "alert(1)" not in page
    assert "onmouseover" not in page


def test_the_previews_never_print_raw_html_from_the_database(author_client):
    edition = make_edition()
    write_around_the_orm(edition, '<p onmouseover="x()">Hallo</p><script>alert(1)</script>')

    html = author_client.get(url("preview", edition)).content.decode()
    text = author_client.get(url("preview_text", edition)).content.decode()

    assert "Hallo" in html and "Hallo" in text
    for page in (html, text):
        assert "alert(1)" not in page
        assert "onmouseover" not in page


def test_edition_list_counts_deliveries_without_a_query_per_row(
    author_client, smtp_server, django_assert_max_num_queries
):
    make_confirmed(2)
    for number in range(3):
        edition = make_edition(subject=f"Ausgabe {number}")
        services.edition_send(edition=edition, enqueue=False)
        send_all_batches(edition)

    # session, user, permissions, count, editions with counts, date hierarchy, filter
    # counts and the like: a fixed number, whatever the number of editions.
    with django_assert_max_num_queries(10):
        response = author_client.get(reverse("admin:newsletter_edition_changelist"))

    assert response.content.decode().count("2 / 0 / 0") == 3
