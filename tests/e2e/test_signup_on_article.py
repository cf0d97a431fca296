"""A visitor subscribes from an article with a mistake first and stays on the article."""

import datetime as dt

import pytest
from django.utils import timezone

from blog.models import Article
from newsletter.models import Subscriber

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_mistake_is_shown_at_the_form_on_the_same_article_and_then_fixed(
    browser, live_server, javascript
):
    article = Article.objects.create(
        title="Wenn das Einschlafen dauert",
        slug="wenn-das-einschlafen-dauert",
        body="<p>Ein Abendritual hilft, aber nicht jeden Abend gleich gut.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    article_url = f"{live_server.url}{article.get_absolute_url()}"
    context = browser.new_context(locale="de-DE", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(article_url)

    form = page.locator("form#newsletter-signup")
    form.get_by_label("E-Mail-Adresse").fill("clara@localhost")  # the browser lets it pass
    form.get_by_label("Vorname").fill("Clara")
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Elternpost abonnieren").click()

    page.wait_for_url(f"{article_url}#newsletter-signup")
    assert page.locator("h1").first.inner_text() == "Wenn das Einschlafen dauert"
    errors = page.locator("#newsletter-email-errors")
    assert "Internet-Domain" in errors.inner_text()
    email = form.get_by_label("E-Mail-Adresse")
    assert email.get_attribute("aria-invalid") == "true"
    assert email.input_value() == "clara@localhost"
    assert form.get_by_label("Vorname").input_value() == "Clara"
    assert form.get_by_role("checkbox").is_checked()
    assert not Subscriber.objects.exists()

    email.fill("clara@example.org")
    form.get_by_role("button", name="Elternpost abonnieren").click()

    page.wait_for_url("**/newsletter/bitte-bestaetigen/")
    assert page.locator("h1").inner_text() == "Bitte bestätigen Sie Ihre Anmeldung"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.first_name) == ("clara@example.org", "Clara")
    assert subscriber.consent_page == article.get_absolute_url()
    context.close()
