"""Signing up: the form, the proof of consent, identical answers, limits and bad input."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import IntegrityError
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsletter.models import SignupBox, Subscriber
from newsletter.services import subscriber_subscribe, subscriber_unsubscribe

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path="newsletter.tasks.send_confirmation_mail")


def test_signup_page_shows_the_form_of_the_contract(client):
    html = client.get("/newsletter/").content.decode()

    assert '<form id="newsletter-signup" method="post" action="/newsletter/">' in html
    assert 'type="email" name="email"' in html
    assert "(Pflichtfeld)" in html
    assert 'name="first_name"' in html
    assert 'type="checkbox" name="consent"' in html
    assert 'href="/datenschutz/"' in html
    assert SignupBox.objects.current().consent_text in html


def test_consent_checkbox_is_unticked_and_only_email_and_consent_are_required(client):
    html = client.get("/newsletter/").content.decode()

    checkbox = html[html.index('type="checkbox" name="consent"') :].split(">", 1)[0]
    assert "checked" not in checkbox
    assert html.count(" required") == 2  # email and consent; the first name is optional


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    html = client.get("/newsletter/").content.decode()

    honeypot = html[html.index('class="newsletter-hp"') - 5 :].split("</div>", 1)[0]
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


def test_form_carries_no_csrf_token_so_cached_pages_keep_working(client):
    html = client.get("/newsletter/").content.decode()

    assert "csrfmiddlewaretoken" not in html


def test_signup_needs_no_csrf_token():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/newsletter/", {"email": "ohne-token@example.org", "consent": "on", "homepage": ""}
    )

    assert response.status_code == 302
    assert Subscriber.objects.filter(email="ohne-token@example.org").exists()


@time_machine.travel(NOON, tick=False)
def test_signup_stores_a_pending_subscriber_with_proof_of_consent(signup):
    box = SignupBox.objects.current()

    response = signup(
        "Lena@Example.org", first_name="Lena", consent_version=box.version, source="/artikel/x/"
    )

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/bitte-bestaetigen/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Lena@Example.org"
    assert subscriber.first_name == "Lena"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_text == box.consent_text
    assert subscriber.consent_version == box.version
    assert subscriber.consent_page == "/artikel/x/"
    assert subscriber.created_at == NOON
    assert subscriber.confirmed_at is None
    assert mail_tasks().count() == 1


def test_signup_keeps_the_consent_text_the_visitor_saw_on_a_cached_page(signup):
    old = SignupBox.objects.current_saved()
    SignupBox.objects.create(
        heading=old.heading, pitch=old.pitch, consent_text="Neuer Wortlaut.", version=2
    )

    signup("alt@example.org", consent_version=old.version)
    signup("neu@example.org", consent_version="kaputt")

    assert Subscriber.objects.get(email="alt@example.org").consent_text == old.consent_text
    assert Subscriber.objects.get(email="alt@example.org").consent_version == old.version
    assert Subscriber.objects.get(email="neu@example.org").consent_version == 2


def test_a_foreign_source_is_not_kept_as_the_consent_page(signup):
    signup("quelle@example.org", source="https://evil.example/")

    assert Subscriber.objects.get().consent_page == "/newsletter/"


def test_check_inbox_page_asks_to_confirm(client):
    response = client.get("/newsletter/bitte-bestaetigen/")

    assert "Bitte bestätigen Sie" in response.content.decode()


def _answer(client, email):
    response = client.post("/newsletter/", {"email": email, "consent": "on", "homepage": ""})
    page = client.get(response["Location"])
    return response.status_code, response["Location"], page.status_code, page.content


def test_every_address_state_gets_the_same_answer(client):
    subscriber_subscribe(email="offen@example.org")
    confirmed = subscriber_subscribe(email="dabei@example.org")
    Subscriber.objects.filter(pk=confirmed.pk).update(status=Subscriber.Status.CONFIRMED)
    gone = subscriber_subscribe(email="weg@example.org")
    subscriber_unsubscribe(subscriber_id=gone.pk)
    back = subscriber_subscribe(email="zurueck@example.org")
    subscriber_unsubscribe(subscriber_id=back.pk)
    subscriber_subscribe(email="zurueck@example.org")  # a new round, still open

    answers = {
        state: _answer(client, email)
        for state, email in [
            ("neu", "neu@example.org"),
            ("unbestätigt", "offen@example.org"),
            ("bestätigt", "dabei@example.org"),
            ("abgemeldet", "weg@example.org"),
            ("erneut angemeldet", "zurueck@example.org"),
        ]
    }

    assert len(set(answers.values())) == 1, answers
    assert answers["neu"][:3] == (302, "/newsletter/bitte-bestaetigen/", 200)


def test_confirmed_subscriber_signing_up_again_gets_no_mail_and_keeps_their_data(signup):
    subscriber = subscriber_subscribe(email="treu@example.org", first_name="Maria")
    Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.CONFIRMED)
    tasks_before = mail_tasks().count()

    signup("TREU@example.org", first_name="Jemand anderes")

    subscriber.refresh_from_db()
    assert subscriber.first_name == "Maria"
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert mail_tasks().count() == tasks_before


def test_pending_address_asking_again_is_mailed_at_most_three_times_a_day(signup):
    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(5):
            signup("ungeduldig@example.org")
        assert mail_tasks().count() == 3
        assert Subscriber.objects.count() == 1

        clock.shift(dt.timedelta(hours=23))
        signup("ungeduldig@example.org")
        assert mail_tasks().count() == 3

        clock.shift(dt.timedelta(hours=1))
        signup("ungeduldig@example.org")
        assert mail_tasks().count() == 4


def test_unsubscribed_address_signing_up_again_stays_unsubscribed_until_confirmed(signup):
    with time_machine.travel(NOON, tick=False) as clock:
        subscriber = subscriber_subscribe(email="zurueck@example.org", first_name="Alt")
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.CONFIRMED, confirmed_at=NOON
        )
        subscriber_unsubscribe(subscriber_id=subscriber.pk)
        clock.shift(dt.timedelta(days=3))

        signup("zurueck@example.org", first_name="Jana")

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at == NOON
    assert subscriber.created_at == NOON
    assert subscriber.first_name == "Alt"
    assert subscriber.pending_round["first_name"] == "Jana"
    assert mail_tasks().count() == 2


def test_email_is_unique_regardless_of_case(signup):
    signup("Gross@Example.org")
    signup("gross@example.ORG")

    assert Subscriber.objects.count() == 1
    with pytest.raises(IntegrityError):
        Subscriber.objects.create(email="GROSS@EXAMPLE.ORG", consent_text="x", consent_version=1)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Bitte geben Sie Ihre E-Mail-Adresse ein."),
        ("keine-adresse", "Das sieht nicht wie eine E-Mail-Adresse aus."),
        ("a@b", "Das sieht nicht wie eine E-Mail-Adresse aus."),
        ("x" * 250 + "@example.org", "Diese E-Mail-Adresse ist zu lang: höchstens 254 Zeichen"),
        ("<script>@example.org", "Das sieht nicht wie eine E-Mail-Adresse aus."),
    ],
)
def test_bad_address_gets_a_clear_german_error_and_keeps_the_input(signup, email, message):
    response = signup(email, first_name="Ömer")

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Ömer"' in html
    assert 'id="newsletter-consent" required checked' in html  # her tick is kept
    assert "<script>@" not in html
    assert not Subscriber.objects.exists()


def test_missing_consent_is_explained_and_nothing_is_stored(signup):
    response = signup("ohne-haken@example.org", consent=False)

    html = response.content.decode()
    assert "Bitte setzen Sie das Häkchen bei der Einwilligung" in html
    assert 'value="ohne-haken@example.org"' in html
    assert not Subscriber.objects.exists()


def test_each_error_is_tied_to_its_field_for_screen_readers(signup):
    response = signup("keine-adresse", first_name="A" * 51, consent=False)

    html = response.content.decode()
    for field in ("email", "first_name", "consent"):
        assert re.search(
            rf'<input [^>]*id="newsletter-{field}"[^>]*aria-invalid="true" '
            rf'aria-describedby="newsletter-{field}-errors"',
            html,
        ), field
        assert f'<ul class="errorlist" id="newsletter-{field}-errors">' in html
    assert 'id="newsletter-consent" required checked' not in html


def test_overlong_first_name_is_refused_in_german(signup):
    response = signup("name@example.org", first_name="A" * 51)

    assert "Der Vorname darf höchstens 50 Zeichen haben." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_filled_honeypot_looks_like_success_but_stores_nothing(signup):
    response = signup("bot@example.org", homepage="https://spam.example/")

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/bitte-bestaetigen/"
    assert not Subscriber.objects.exists()
    assert not mail_tasks().exists()


def test_one_ip_may_sign_up_a_limited_number_of_times_an_hour(signup, client, settings):
    settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = 2
    with time_machine.travel(NOON, tick=False) as clock:
        assert signup("eins@example.org").status_code == 302
        assert signup("zwei@example.org").status_code == 302

        refused = signup("drei@example.org", first_name="Dora")

        assert refused.status_code == 429
        assert "versuchen Sie es in einer Stunde noch einmal" in refused.content.decode()
        assert 'value="drei@example.org"' in refused.content.decode()
        assert not Subscriber.objects.filter(email="drei@example.org").exists()

        other_ip = signup("andere@example.org", client=Client(REMOTE_ADDR="192.0.2.7"))
        assert other_ip.status_code == 302

        clock.shift(dt.timedelta(hours=1, seconds=1))
        assert signup("drei@example.org").status_code == 302


def test_an_ipv6_client_counts_as_one_across_its_slash_64(signup, settings):
    settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = 2
    same_network = [f"2001:db8:4:7::{n:x}" for n in (1, 2, 0xBEEF)]
    answers = [
        signup(f"v6-{n}@example.org", client=Client(REMOTE_ADDR=address)).status_code
        for n, address in enumerate(same_network)
    ]
    next_network = signup("nachbar@example.org", client=Client(REMOTE_ADDR="2001:db8:4:8::1"))

    assert answers == [302, 302, 429]
    assert next_network.status_code == 302


def test_default_limit_is_ten_signups_an_hour(settings):
    assert settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR == 10


def test_signup_post_runs_a_fixed_number_of_queries(signup, django_assert_num_queries):
    SignupBox.objects.current_saved()
    # savepoint of the service's transaction, the box version the visitor saw, the address
    # lookup (FOR UPDATE), savepoint, insert of the subscriber, release, insert of the mail
    # task, release of the service's savepoint.
    with django_assert_num_queries(8):
        signup("zaehlen@example.org", consent_version=1)


def test_home_and_article_pages_carry_the_form_with_their_path_as_source(client):
    from blog.models import Article

    article = Article.objects.create(
        title="Trotzphase ohne Drama",
        slug="trotzphase-ohne-drama",
        body="<p>Tief durchatmen.</p>",
        status=Article.Status.PUBLISHED,
        published_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )

    for path in ("/", article.get_absolute_url()):
        html = client.get(path).content.decode()
        assert '<form id="newsletter-signup" method="post" action="/newsletter/">' in html
        assert f'name="source" value="{path}"' in html


def test_after_an_error_on_the_signup_page_the_form_still_knows_where_it_was(signup):
    response = signup("kaputt", source="/newsletter/")

    assert response.status_code == 200
    assert 'name="source" value="/newsletter/"' in response.content.decode()


def test_an_error_from_a_foreign_or_odd_source_is_answered_on_the_signup_page(signup):
    for source in ("https://evil.example/", "//evil.example/", "/\\evil.example/", ""):
        response = signup("kaputt", source=source)

        assert response.status_code == 200, source
        assert "Das sieht nicht wie eine E-Mail-Adresse aus" in response.content.decode()


def test_head_request_on_the_signup_page_stores_nothing(client):
    assert client.head("/newsletter/").status_code == 200
    assert not Subscriber.objects.exists()


def test_showing_the_form_on_a_fresh_site_writes_nothing(client):
    html = client.get("/newsletter/").content.decode()

    assert not SignupBox.objects.exists()
    assert 'name="consent_version" value="1"' in html


def test_first_signup_on_a_fresh_site_stores_the_default_wording_as_version_one(signup):
    signup("erste@example.org", consent_version="1")

    box = SignupBox.objects.get()
    assert box.version == 1
    assert Subscriber.objects.get().consent_text == box.consent_text


def test_the_fields_carry_the_forms_length_limits(client):
    html = client.get("/newsletter/").content.decode()

    assert re.search(r'<input type="email" name="email"[^>]* maxlength="254" required', html)
    assert re.search(r'<input type="text" name="first_name"[^>]* maxlength="50"', html)


@pytest.mark.parametrize(
    "email",
    [
        "x@localhost",
        "a@[127.0.0.1]",
        "a@[IPv6:::1]",
        "a@127.0.0.1",
        "a@10.0.0.45",
        "a@router.local",
        "a@mail.localhost",
        "a@fritz.box.home.arpa",
        "a@intranet.internal",
        "a@example.test",
        "a@localhost.",
    ],
)
def test_an_address_without_a_public_domain_is_refused_in_german(signup, email):
    """x@localhost and a@[127.0.0.1] passed Django's validator and were mailed."""
    response = signup(email)

    html = response.content.decode()
    assert response.status_code == 200
    # Django's own check already refuses some of them, with its (German) message.
    assert "Internet-Domain" in html or "Das sieht nicht wie eine E-Mail-Adresse aus" in html
    assert not Subscriber.objects.exists()
    assert not mail_tasks().exists()


@pytest.mark.parametrize("email", ["eltern@example.org", "a@mail.bücher.de", "x@sub.example.co.uk"])
def test_addresses_on_public_domains_are_taken(signup, email):
    assert signup(email).status_code == 302
    assert Subscriber.objects.filter(email=email).exists()
