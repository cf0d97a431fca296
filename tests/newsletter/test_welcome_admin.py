"""The author's welcome mail in the admin: write, preview, test, one at a time."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from blog.models import Article
from newsletter.models import Subscriber, WelcomeMail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("edition_settings")]


@pytest.fixture
def author_client(client):
    user = User.objects.create_user(
        "mara", "mara@example.org", "geheim-genug-123", first_name="Mara", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="newsletter", codename__endswith="_welcomemail"
        )
    )
    client.force_login(user)
    return client


def article(slug, status=Article.Status.PUBLISHED):
    return Article.objects.create(
        title=slug.title(),
        slug=slug,
        body="<p>Text</p>",
        status=status,
        published_at=timezone.now() - dt.timedelta(days=1),
    )


def form_data(**extra):
    return {
        "subject": "Willkommen!",
        "body": "<p>Schön, dass Sie da sind.</p>",
        "active": "on",
        **extra,
    }


def test_the_author_writes_it_and_the_body_is_sanitized(author_client):
    tip = article("schlaf")

    response = author_client.post(
        reverse("admin:newsletter_welcomemail_add"),
        form_data(body="<p>Hallo<script>alert(1)</script></p>", articles=[tip.pk]),
    )

    assert response.status_code == 302
    mail = WelcomeMail.objects.get()
    assert mail.body == "<p>Hallo</p>"
    assert list(mail.articles.all()) == [tip]
    assert mail.active


def test_chosen_articles_show_in_the_form(author_client):
    mail = WelcomeMail.objects.create(subject="Hallo")
    mail.articles.set([article("veroeffentlicht")])

    page = author_client.get(
        reverse("admin:newsletter_welcomemail_change", args=[mail.pk])
    ).content.decode()

    assert "Veroeffentlicht" in page
    assert 'data-ajax--url="/admin/autocomplete/"' in page


def test_a_draft_article_cannot_be_slipped_in(author_client):
    draft = article("entwurf", status=Article.Status.DRAFT)

    response = author_client.post(
        reverse("admin:newsletter_welcomemail_add"), form_data(articles=[draft.pk])
    )

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not WelcomeMail.objects.exists()


def test_there_is_only_ever_one(author_client):
    WelcomeMail.objects.create(subject="Hallo")

    changelist = author_client.get(reverse("admin:newsletter_welcomemail_changelist"))
    add = author_client.get(reverse("admin:newsletter_welcomemail_add"))

    assert "Willkommensmail hinzufügen" not in changelist.content.decode()
    assert add.status_code == 403


def test_preview_shows_the_mail_with_the_authors_first_name(author_client):
    mail = WelcomeMail.objects.create(
        subject="Hallo", body="<p>Schön, <b>dass</b> Sie da sind.</p>"
    )
    mail.articles.set([article("schlaf")])

    html = author_client.get(
        reverse("admin:newsletter_welcomemail_preview", args=[mail.pk])
    ).content.decode()
    text = author_client.get(
        reverse("admin:newsletter_welcomemail_preview_text", args=[mail.pk])
    ).content.decode()

    assert "Guten Tag Mara," in html
    assert 'style="' in html
    assert "Guten Tag Mara," in text
    assert "https://elternblog.example/artikel/schlaf/" in text


def test_preview_of_a_missing_mail_is_a_404(author_client):
    response = author_client.get(reverse("admin:newsletter_welcomemail_preview", args=[999]))

    assert response.status_code == 404


def test_test_button_saves_and_mails_only_the_author_recording_nothing(author_client, smtp_server):
    mail = WelcomeMail.objects.create(subject="Alt", active=False)
    subscriber = Subscriber.objects.create(
        email="leser@example.org", status=Subscriber.Status.CONFIRMED, consent_text="Ja",
        consent_version=1, confirmed_at=timezone.now(),
    )  # fmt: skip

    response = author_client.post(
        reverse("admin:newsletter_welcomemail_change", args=[mail.pk]),
        form_data(subject="Neu", active="", _send_test="1"),
    )

    assert response["Location"] == reverse("admin:newsletter_welcomemail_change", args=[mail.pk])
    [message] = smtp_server.messages
    assert message["To"] == "mara@example.org"
    assert message["Subject"] == "[Test] Neu"
    subscriber.refresh_from_db()
    assert subscriber.welcome_sent_at is None


def test_test_without_an_address_on_the_account_explains_itself(author_client, smtp_server):
    User.objects.filter(username="mara").update(email="")
    mail = WelcomeMail.objects.create(subject="Hallo")

    response = author_client.post(
        reverse("admin:newsletter_welcomemail_change", args=[mail.pk]),
        form_data(_send_test="1"),
        follow=True,
    )

    assert "Ihr Benutzerkonto hat keine E-Mail-Adresse" in response.content.decode()
    assert smtp_server.messages == []


def test_staff_without_the_permission_see_nothing(client, smtp_server):
    mail = WelcomeMail.objects.create(subject="Hallo")
    client.force_login(User.objects.create_user("gast", "g@example.org", "x", is_staff=True))

    preview = client.get(reverse("admin:newsletter_welcomemail_preview", args=[mail.pk]))
    change = client.post(
        reverse("admin:newsletter_welcomemail_change", args=[mail.pk]), form_data(_send_test="1")
    )

    assert preview.status_code == 404
    assert change.status_code == 403
    assert smtp_server.messages == []
