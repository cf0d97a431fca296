"""The welcome mail: once per subscription round, by the real worker over real SMTP."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import Article
from newsletter import services, tokens, welcome
from newsletter.models import Subscriber, WelcomeMail
from newsletter.outbox import retry_delay
from newsletter.tasks import send_welcome_mail
from tests.newsletter.editions import SITE_URL, make_subscriber
from tests.processes import wait_until
from tests.workers import database_url, db_worker, worker_env

pytestmark = pytest.mark.usefixtures("edition_settings")

WELCOME_SUBJECT = "Willkommen bei der Elternpost!"
NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def make_welcome(*, active=True, articles=(), **fields):
    mail = WelcomeMail.objects.create(
        subject=WELCOME_SUBJECT,
        body=fields.pop("body", "<p>schön, dass Sie da sind.</p>"),
        active=active,
        **fields,
    )
    mail.articles.set(articles)
    return mail


def publish(slug, status=Article.Status.PUBLISHED):
    return Article.objects.create(
        title=slug.replace("-", " ").title(),
        slug=slug,
        body="<p>Text</p>",
        status=status,
        published_at=timezone.now() - dt.timedelta(days=3),
    )


def welcome_mails(server):
    return [message for message in server.messages if message["Subject"] == WELCOME_SUBJECT]


def confirm(client, subscriber):
    path = tokens.confirm_url(subscriber).removeprefix(SITE_URL)
    return client.post(path)


@pytest.mark.django_db(transaction=True)
def test_confirming_brings_exactly_one_welcome_mail_through_the_worker(
    client, signup, smtp_server, run_worker, mail_link
):
    make_welcome(articles=[publish("gute-nacht"), publish("entwurf", Article.Status.DRAFT)])
    signup("anna@example.org", first_name="Anna")
    run_worker()
    [confirmation] = smtp_server.messages
    link = mail_link(confirmation, f"{SITE_URL}/newsletter/bestaetigen/")
    assert welcome_mails(smtp_server) == []  # not before confirming

    client.post(link.removeprefix(SITE_URL))
    run_worker()

    [mail] = welcome_mails(smtp_server)
    assert mail["To"] == "anna@example.org"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Guten Tag Anna," in text
    assert "schön, dass Sie da sind." in text
    assert f"{SITE_URL}/artikel/gute-nacht/" in text
    assert "/artikel/entwurf/" not in text  # only published articles are listed
    assert "Zum Einlesen" in html
    assert "Im Browser lesen" not in text  # a welcome mail has no web version
    subscriber = Subscriber.objects.get()
    assert mail["List-Unsubscribe"].strip() == f"<{tokens.unsubscribe_url(subscriber)}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriber.welcome_sent_at >= subscriber.confirmed_at


@pytest.mark.django_db(transaction=True)
def test_confirming_twice_and_a_retried_task_still_send_one(client, smtp_server, run_worker):
    make_welcome()
    subscriber = services.subscriber_subscribe(email="ben@example.org")

    confirm(client, subscriber)
    confirm(client, subscriber)
    send_welcome_mail.enqueue(subscriber.pk)  # a retry of the same task, queued by hand
    run_worker()
    send_welcome_mail.enqueue(subscriber.pk)  # and once more after it went out
    run_worker()

    assert len(welcome_mails(smtp_server)) == 1
    results = DBTaskResult.objects.filter(task_path="newsletter.tasks.send_welcome_mail")
    assert sorted(result.return_value for result in results) == [
        "gesendet",
        "schon verschickt",
        "schon verschickt",
    ]


@pytest.mark.django_db(transaction=True)
def test_switched_off_nobody_gets_one(client, smtp_server, run_worker):
    make_welcome(active=False)
    subscriber = services.subscriber_subscribe(email="ben@example.org")

    confirm(client, subscriber)
    run_worker()

    assert welcome_mails(smtp_server) == []
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.welcome_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_without_any_welcome_mail_confirming_still_works(client, smtp_server, run_worker):
    subscriber = services.subscriber_subscribe(email="ben@example.org")

    confirm(client, subscriber)
    run_worker()

    assert welcome_mails(smtp_server) == []
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_unsubscribed_before_the_worker_runs_gets_none(client, smtp_server, run_worker):
    make_welcome()
    subscriber = services.subscriber_subscribe(email="weg@example.org")
    confirm(client, subscriber)

    services.subscriber_unsubscribe(subscriber_id=subscriber.pk)
    run_worker()

    assert welcome_mails(smtp_server) == []
    assert Subscriber.objects.get().welcome_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_a_new_subscription_round_brings_a_new_welcome(client, smtp_server, run_worker):
    make_welcome()
    subscriber = services.subscriber_subscribe(email="zurueck@example.org")
    confirm(client, subscriber)
    run_worker()
    services.subscriber_unsubscribe(subscriber_id=subscriber.pk)

    with time_machine.travel(timezone.now() + dt.timedelta(days=40)):
        again = services.subscriber_subscribe(email="zurueck@example.org")
        confirm(client, again)
        run_worker()

    assert len(welcome_mails(smtp_server)) == 2


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_the_welcome_waits_and_goes_out_once(client, smtp_server, run_worker):
    make_welcome()
    smtp_server.stop()
    with time_machine.travel(NOON, tick=False) as clock:
        subscriber = services.subscriber_subscribe(email="geduld@example.org")
        confirm(client, subscriber)
        run_worker()
        subscriber.refresh_from_db()
        assert subscriber.welcome_sent_at is None  # the claim was given back

        smtp_server.start()
        clock.shift(retry_delay(0) + dt.timedelta(seconds=1))
        run_worker()

    assert len(welcome_mails(smtp_server)) == 1
    assert Subscriber.objects.get().welcome_sent_at is not None


@pytest.mark.django_db
def test_a_permanent_refusal_is_not_retried(scripted_smtp):
    make_welcome()
    subscriber = make_subscriber("gibtsnicht@example.org")
    scripted_smtp.refuse["gibtsnicht@example.org"] = "550 5.1.1 Unbekannt"

    outcome, retry_at = welcome.welcome_mail_send(subscriber_id=subscriber.pk)

    assert (outcome, retry_at) == ("abgewiesen", None)
    assert scripted_smtp.inbox == []


@pytest.mark.django_db
def test_a_second_claim_for_the_same_round_sends_nothing(smtp_server):
    make_welcome()
    subscriber = make_subscriber("anna@example.org")

    first = welcome.welcome_mail_send(subscriber_id=subscriber.pk)
    second = welcome.welcome_mail_send(subscriber_id=subscriber.pk)

    assert (first[0], second[0]) == ("gesendet", "schon verschickt")
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_a_worker_clock_behind_the_confirmation_still_claims_the_round_for_good(smtp_server):
    make_welcome()
    subscriber = make_subscriber("anna@example.org")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmed_at=timezone.now() + dt.timedelta(minutes=5)
    )

    welcome.welcome_mail_send(subscriber_id=subscriber.pk)
    again = welcome.welcome_mail_send(subscriber_id=subscriber.pk)

    assert again[0] == "schon verschickt"
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_hostile_markup_never_reaches_the_mail(smtp_server):
    make_welcome(
        body='<p onclick="x()">Hallo<script>alert(1)</script></p><img src=x onerror="y()">'
        + "<p>Lang.</p>" * 2000
    )
    subscriber = make_subscriber("anna@example.org")

    welcome.welcome_mail_send(subscriber_id=subscriber.pk)

    html = smtp_server.messages[0].get_body(preferencelist=("html",)).get_content()
    assert "<script" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "[Bild: ohne Beschreibung]" in html


@pytest.mark.django_db
def test_demo_content_has_one_switched_on_welcome_mail():
    from blog.demo import seed as seed_articles
    from newsletter.demo_welcome import seed

    seed_articles()
    seed()
    seed()

    mail = WelcomeMail.objects.get()
    assert mail.active
    assert WelcomeMail.objects.active() == mail
    assert mail.subject == "Willkommen bei der Elternpost"
    assert mail.articles.published().count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="braucht PostgreSQL (Worker in eigenen Prozessen)"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_and_repeated_tasks_still_send_one_per_subscriber(smtp_server, tmp_path):
    make_welcome()
    subscribers = [make_subscriber(f"leserin{n}@example.org") for n in range(5)]
    for _ in range(4):  # as if every task had been queued again by retries
        for subscriber in subscribers:
            send_welcome_mail.enqueue(subscriber.pk)
    env = worker_env(database=database_url(), smtp_port=smtp_server.port)
    tasks = DBTaskResult.objects.filter(task_path="newsletter.tasks.send_welcome_mail")

    with (
        db_worker(env=env, log=tmp_path / "one.log", worker_id="eins"),
        db_worker(env=env, log=tmp_path / "two.log", worker_id="zwei"),
    ):
        wait_until(
            lambda: not tasks.exclude(status="SUCCESSFUL").exists(),
            timeout=60,
            what="alle Aufgaben erledigt",
        )

    received = sorted(address for rcpts, _ in smtp_server.inbox for address in rcpts)
    assert received == sorted(subscriber.email for subscriber in subscribers)
    assert sorted(tasks.values_list("return_value", flat=True)) == (
        ["gesendet"] * 5 + ["schon verschickt"] * 15
    )
