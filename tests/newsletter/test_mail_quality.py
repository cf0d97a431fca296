"""Mails that land: every kind of mail as the SMTP server (aiosmtpd) receives it, checked
for what mailbox providers, screen readers and dark mail clients expect.

A new kind of mail joins by adding a sender to MAIL_KINDS.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from blog.models import Article
from newsletter import outbox, services, tokens, welcome
from newsletter.models import Subscriber, WelcomeMail
from quotes.models import Quote
from tests.newsletter.editions import make_edition, make_subscriber, send_all_batches

pytestmark = [pytest.mark.usefixtures("edition_settings"), pytest.mark.django_db]
MAX_BYTES = 100 * 1024  # Gmail cuts off longer mails ("[Nachricht gekürzt]")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html, name):
    parser = _Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def full_edition():
    """The largest ordinary edition: a long text, ten new articles and the quote."""
    now = timezone.now()
    for n in range(10):
        Article.objects.create(
            title=f"Schlaf, Kita und Geduld – Teil {n} mit einem recht langen Titel",
            slug=f"artikel-{n}",
            excerpt="Was hilft, wenn die Nächte kurz und die Tage lang sind? " * 3,
            body="<p>Text</p>",
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(days=n + 1),
        )
    Quote.objects.create(
        text="Kinder sind Gäste, die nach dem Weg fragen.",
        author="Jirina Prekop",
        month=now.date().replace(day=1),
    )
    body = "".join(
        f"<h2>Abschnitt {n}</h2><p>Liebe Eltern, die Tage werden kürzer und die Nächte "
        f"manchmal länger. <a href='/artikel/artikel-{n}/'>Mehr dazu</a>.</p>"
        "<ul><li>früh ins Bett</li><li>Rituale</li><li>Geduld</li></ul>"
        "<p><img src='/media/uploads/kind.jpg' alt='Kind im Herbstlaub'></p>"
        for n in range(12)
    )
    return make_edition(body=body, include_articles=True, include_quote=True)


def send_confirmation(server):
    subscriber = services.subscriber_subscribe(email="neu@example.org", first_name="Nele")
    outbox.confirmation_mail_send(subscriber_id=subscriber.pk)
    return subscriber, server.messages_to("neu@example.org")


def send_edition(server):
    subscriber = make_subscriber("anna@example.org", first_name="Anna")
    edition = full_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)
    return subscriber, server.messages_to("anna@example.org")


def send_test_mail(server):
    author = make_subscriber("autorin@example.org", first_name="Maren")
    services.edition_send_test(edition=full_edition(), email=author.email, first_name="Maren")
    return author, server.messages_to("autorin@example.org")


def send_welcome(server):
    welcome_mail = WelcomeMail.objects.create(
        subject="Willkommen bei der Elternpost!",
        body="<p>schön, dass Sie da sind.</p><p><img src='/media/a.jpg' alt='Kind'></p>",
        active=True,
    )
    full_edition()  # its articles are the "best of" the welcome mail lists
    welcome_mail.articles.set(Article.objects.all()[:5])
    subscriber = make_subscriber("neu@example.org", first_name="Nele")
    welcome.welcome_mail_send(subscriber_id=subscriber.pk)
    return subscriber, server.messages_to("neu@example.org")


MAIL_KINDS = {
    "confirmation": send_confirmation,
    "edition": send_edition,
    "test": send_test_mail,
    "welcome": send_welcome,
}


@pytest.mark.parametrize("kind", sorted(MAIL_KINDS))
def test_every_mail_is_fit_to_land(smtp_server, kind):
    subscriber, [message] = MAIL_KINDS[kind](smtp_server)
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()

    assert len(message.as_bytes()) < MAX_BYTES
    assert text.strip() and "<" not in text.replace("<http", "")
    assert re.search(r'<html[^>]* lang="de"', html)
    layout = tags(html, "table")
    assert layout and all(table.get("role") == "presentation" for table in layout)
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "color-scheme: light dark" in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert all(img.get("alt") for img in tags(html, "img"))
    # Nothing is loaded from anywhere: no images, stylesheets, fonts or tracking pixels.
    for outside in ("src=", "<link", "url(", "@import", "background="):
        assert outside not in html, outside

    unsubscribe = tokens.unsubscribe_url(subscriber)
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<[^@>]+@elternblog\.example>", message["Message-ID"])
    assert message["List-Id"] == "Elternpost <elternpost.elternblog.example>"


def test_message_ids_are_unique_per_mail(smtp_server):
    for n in range(3):
        make_subscriber(f"leser{n}@example.org")
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    ids = {message["Message-ID"] for message in smtp_server.messages}
    assert len(ids) == 3


def test_a_test_mail_to_someone_not_subscribed_has_no_unsubscribe_header(smtp_server):
    services.edition_send_test(edition=make_edition(), email="autorin@example.org")

    [message] = smtp_server.messages
    assert message["List-Unsubscribe"] is None
    assert message["Message-ID"].endswith("@elternblog.example>")


def test_one_click_from_the_confirmation_mail_blocks_further_mail(client, smtp_server):
    subscriber, [message] = send_confirmation(smtp_server)
    url = message["List-Unsubscribe"].strip()[1:-1]

    response = client.post(url.split("elternblog.example", 1)[1], {"List-Unsubscribe": "One-Click"})

    assert response.status_code in (200, 302)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
