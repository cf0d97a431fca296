"""Helpers for the edition tests: subscribers, editions, and a mail server with a script.

`ScriptedSMTP` is a real aiosmtpd server on loopback that can refuse addresses, stop
accepting after N messages (as a provider's rate limit or a dying server does) and count
connections; the plain `smtp_server` fixture from conftest.py covers the happy path.
"""

import asyncio
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from newsletter import sending
from newsletter.models import Edition, Subscriber
from tests.newsletter.mailserver import send_mail_to
from tests.ports import free_port

SITE_URL = "https://elternblog.example"


def make_subscriber(email, status=Subscriber.Status.CONFIRMED, first_name=""):
    now = timezone.now()
    return Subscriber.objects.create(
        email=email,
        first_name=first_name,
        status=status,
        consent_text="Ja, ich möchte die Elternpost erhalten.",
        consent_version=1,
        confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
        unsubscribed_at=now if status == Subscriber.Status.UNSUBSCRIBED else None,
    )


def make_confirmed(count, prefix="leser"):
    return [make_subscriber(f"{prefix}{n}@example.org") for n in range(count)]


def make_edition(**fields):
    defaults = {
        "subject": "Elternpost im November: Schlaf, Kita und Geduld",
        "body": "<p>Liebe Eltern,</p><p>heute geht es um <a href='/artikel/x/'>Schlaf</a>.</p>",
        "include_articles": False,
        "include_quote": False,
    }
    return Edition.objects.create(**{**defaults, **fields})


def send_all_batches(edition, limit=100):
    """Runs batches like the worker does, without waiting for the throttle or backoff."""
    for _ in range(limit):
        if sending.edition_send_batch(edition_id=edition.pk).next_run_at is None:
            return
    raise AssertionError("Die Ausgabe wurde nicht fertig.")


class ScriptedSMTP:
    def __init__(self):
        self.inbox = []
        self.refuse = {}  # address -> reply, e.g. "550 5.1.1 Unbekannt"
        self.accept_limit = None  # after this many accepted messages: 421 on DATA
        self.hold_after = None  # after this many: take the next one, then keep silent
        self.holding = threading.Event()
        self.connections = 0
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.accept_limit is not None and len(self.inbox) >= self.accept_limit:
            return "421 4.7.0 Zu viele Mails auf einmal, bitte später wieder"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.inbox.append((list(envelope.rcpt_tos), message))
        if self.hold_after is not None and len(self.inbox) > self.hold_after:
            # The message is in; the sender dies before it hears so (RFC 1047's gap).
            self.holding.set()
            await asyncio.sleep(5)
        return "250 Message accepted for delivery"

    def recipients(self):
        return sorted(address for rcpts, _ in self.inbox for address in rcpts)

    def messages_to(self, address):
        return [message for rcpts, message in self.inbox if address in rcpts]


@pytest.fixture
def scripted_smtp(settings):
    server = ScriptedSMTP()
    server._controller.start()
    send_mail_to(settings, server.port)
    yield server
    server._controller.stop()


@pytest.fixture(autouse=True)
def _edition_settings(settings):
    """https links as in production, and a throttle that never makes a test wait."""
    settings.SITE_URL = SITE_URL
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60_000
