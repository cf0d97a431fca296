"""A real SMTP server on loopback (aiosmtpd) for every newsletter test that sends mail."""

import re
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.newsletter.mailserver import send_mail_to
from tests.ports import free_port


class _Collector:
    def __init__(self, inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.inbox.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPServer:
    """aiosmtpd on 127.0.0.1; `stop()` and `start()` simulate a mail server outage."""

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = free_port()
        self.inbox = []
        self._controller = None

    def start(self):
        self._controller = Controller(_Collector(self.inbox), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self):
        return [message for _, message in self.inbox]

    def messages_to(self, address):
        return [message for rcpts, message in self.inbox if address in rcpts]


@pytest.fixture
def smtp_server(settings):
    """Yields the running server; Django's mail goes to it over real SMTP."""
    server = SMTPServer()
    server.start()
    send_mail_to(settings, server.port, host=server.host)
    yield server
    server.stop()


@pytest.fixture
def run_worker():
    """Runs the real task worker until no task is due (needs a transactional database)."""

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")

    return run


@pytest.fixture
def signup(client):
    """Posts the signup form the way a browser does; returns the response."""

    def post(email, *, first_name="", consent=True, client=client, **extra):
        data = {"email": email, "first_name": first_name, "homepage": "", **extra}
        if consent:
            data["consent"] = "on"
        return client.post("/newsletter/", data)

    return post


def link_in(message, prefix):
    """The first link in a mail's plain-text part that starts with `prefix`."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(re.escape(prefix) + r"\S+", text)
    assert match, f"kein Link {prefix!r} in der Mail:\n{text}"
    return match.group(0)


@pytest.fixture
def mail_link():
    return link_in
