"""Every link in every mail and preview leads somewhere real, followed with the test client."""

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from core.demo import seed as seed_pages
from newsletter import services, tokens
from newsletter.models import Subscriber, WelcomeMail
from newsletter.rendering import confirmation_message
from newsletter.welcome import welcome_mail_send
from quotes.models import Quote
from tests.newsletter.editions import SITE_URL, make_edition, make_subscriber, send_all_batches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("edition_settings")]


@pytest.fixture(autouse=True)
def site_content():
    seed_pages()  # Impressum and Datenschutz, linked from every edition
    Article.objects.create(
        title="Schlaf im ersten Jahr",
        slug="schlaf-im-ersten-jahr",
        body="<p>Nächte mit Baby.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    Quote.objects.create(text="Kinder sind Gäste.", author="Anonym", month=dt.date.today())


def an_edition():
    return make_edition(
        body="<p>Lesen Sie <a href='/artikel/schlaf-im-ersten-jahr/'>dies</a>.</p>"
        "<p><img src='/media/bild.jpg' alt='Ein Bild'></p>",
        include_articles=True,
        include_quote=True,
    )


def links_in(text_part, html_part):
    links = set(re.findall(r"https?://[^\s<>\")]+", text_part))
    links |= {html.unescape(href) for href in re.findall(r'href="([^"]+)"', html_part)}
    assert links
    return links


def parts(message):
    return message.body, message.alternatives[0][0]


def assert_all_lead_somewhere(links, client=None):
    client = client or Client()
    for link in sorted(links):
        assert f"{link}/".startswith(SITE_URL + "/"), link  # our own pages, no other host
        response = client.get(link.removeprefix(SITE_URL) or "/", follow=True)
        assert response.status_code == 200, (link, response.redirect_chain)
        assert "Dieser Link ist ungültig" not in response.content.decode(), link


def test_every_link_in_the_confirmation_mail(settings):
    subscriber = services.subscriber_subscribe(email="neu@example.org")

    assert_all_lead_somewhere(links_in(*parts(confirmation_message(subscriber))))


def test_every_link_in_a_sent_edition():
    make_subscriber("leserin@example.org", first_name="Lea")
    edition = an_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    [message] = mail.outbox
    assert_all_lead_somewhere(links_in(*parts(message)))


@pytest.mark.parametrize("is_subscriber", [False, True])
def test_every_link_in_a_test_mail_before_sending(is_subscriber):
    if is_subscriber:
        make_subscriber("autorin@example.org")
    edition = an_edition()

    services.edition_send_test(edition=edition, email="autorin@example.org")

    [message] = mail.outbox
    links = links_in(*parts(message))
    assert f"{SITE_URL}/newsletter/archiv/" not in links  # "abbestellen" went to the archive
    assert_all_lead_somewhere(links)


def test_the_web_version_of_a_draft_is_a_note_for_visitors_and_a_preview_for_staff(client):
    edition = an_edition()
    author = User.objects.create_superuser("mara", "mara@example.org", "geheim-genug-123")
    path = edition.get_absolute_url()

    visitor_page = client.get(path).content.decode()
    client.force_login(author)
    staff_page = client.get(path).content.decode()

    assert "Diese Ausgabe ist noch nicht erschienen" in visitor_page
    assert edition.subject not in visitor_page
    assert edition.subject in staff_page
    assert "noch nicht verschickt" in staff_page
    assert Client().get("/newsletter/archiv/999999/").status_code == 404


def test_every_link_in_the_admin_preview(client):
    author = User.objects.create_superuser("mara", "mara@example.org", "geheim-genug-123")
    client.force_login(author)
    edition = an_edition()
    preview = reverse("admin:newsletter_edition_preview", args=[edition.pk])

    html_part = client.get(preview).content.decode()
    text_part = client.get(preview + "text/").content.decode()

    links = links_in(text_part, html_part)
    assert f"{SITE_URL}/newsletter/abmelden/vorschau/" in links
    assert_all_lead_somewhere(links)


def test_the_previews_unsubscribe_link_explains_itself_and_unsubscribes_nobody(client):
    reader = make_subscriber("leserin@example.org")

    page = client.get("/newsletter/abmelden/vorschau/")
    client.post("/newsletter/abmelden/vorschau/", {"List-Unsubscribe": "One-Click"})

    assert page.status_code == 200
    assert "Link aus einer Vorschau" in page.content.decode()
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_every_link_in_the_welcome_mail_and_its_settings_link_is_personal():
    WelcomeMail.objects.create(body="<p>Schön, dass Sie da sind.</p>", active=True)
    anna = make_subscriber("anna@example.org", first_name="Anna")

    welcome_mail_send(subscriber_id=anna.pk)

    [message] = mail.outbox
    links = links_in(*parts(message))
    assert tokens.preferences_url(anna) in links
    assert_all_lead_somewhere(links)
