"""Subscribe from an article page in Chromium, confirm from the mail, leave from an edition."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from blog.models import Article
from newsletter.models import Edition, Subscriber
from newsletter.services import edition_send
from tests.newsletter.mailserver import link_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(live_server, settings):
    # Links in mails must point at the live server the browser talks to.
    settings.SITE_URL = live_server.url
    return Article.objects.create(
        title="Wenn das Einschlafen dauert",
        slug="wenn-das-einschlafen-dauert",
        body="<p>Ein Abendritual hilft, aber nicht jeden Abend gleich gut.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(hours=1),
    )


def test_subscribe_from_an_article_confirm_from_the_mail_and_leave_from_an_edition(
    browser,
    page,
    live_server,
    article,
    smtp_server,
    run_worker,
):
    article_url = f"{live_server.url}/artikel/{article.slug}/"
    page.goto(article_url)  # fills the page cache: the next visitor gets the stored page

    # A visitor without JavaScript, on the cached page.
    visitor = browser.new_context(locale="de-DE", java_script_enabled=False)
    reader = visitor.new_page()
    reader.goto(article_url)
    form = reader.locator("form#newsletter-signup")
    form.get_by_label("E-Mail-Adresse").fill("Clara.Leserin@example.org")
    form.get_by_label("Vorname").fill("Clara")
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Elternpost abonnieren").click()
    reader.wait_for_url("**/newsletter/bitte-bestaetigen/")
    assert reader.locator("h1").inner_text() == "Bitte bestätigen Sie Ihre Anmeldung"
    visitor.close()

    run_worker()
    [mail] = smtp_server.messages_to("Clara.Leserin@example.org")
    confirm_link = link_in(mail, f"{live_server.url}/newsletter/bestaetigen/")

    page.goto(confirm_link)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Ja, Anmeldung bestätigen").click()
    page.wait_for_url("**/newsletter/bestaetigt/")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.consent_page == f"/artikel/{article.slug}/"

    edition = Edition.objects.create(subject="Elternpost im März", body="<p>Hallo!</p>")
    edition_send(edition=edition)
    run_worker()
    [edition_mail] = [m for m in smtp_server.messages_to(subscriber.email) if m is not mail]
    assert edition_mail["Subject"] == "Elternpost im März"
    assert re.search(r"<https?://[^>]+/newsletter/abmelden/", edition_mail["List-Unsubscribe"])
    unsubscribe_link = link_in(edition_mail, f"{live_server.url}/newsletter/abmelden/")

    page.goto(unsubscribe_link)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    page.get_by_role("button", name="Jetzt abmelden").click()
    page.wait_for_url("**/newsletter/abgemeldet/")
    assert page.locator("h1").inner_text() == "Sie sind abgemeldet"
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
