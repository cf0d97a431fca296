"""The real SMTP servers on loopback (aiosmtpd) that tests start, and Django's settings for them.

`SMTPServer` takes every message; `ScriptedSMTP` can refuse addresses, stop accepting after
N messages (as a provider's rate limit or a dying server does) and count connections.
"""

import asyncio
import re
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from tests.ports import free_port


def send_mail_to(settings, port, host="127.0.0.1"):
    """Point Django's real SMTP backend at the server on `host:port`, plain and quick."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


def link_in(message, prefix):
    """The first link in a mail's plain-text part that starts with `prefix`."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(re.escape(prefix) + r"\S+", text)
    assert match, f"kein Link {prefix!r} in der Mail:\n{text}"
    return match.group(0)


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


class ScriptedSMTP:
    def __init__(self):
        self.inbox = []
        self.refuse = {}  # address -> reply, e.g. "550 5.1.1 Unbekannt"
        self.refuse_data = {}  # address -> reply to DATA (after RCPT was accepted)
        self.accept_limit = None  # after this many accepted messages: 421 on DATA
        self.hold_after = None  # after this many: take the next one, then keep silent
        self.holding = threading.Event()
        self.connections = 0
        self.rcpt_attempts = []  # every address a client offered, refused or not
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts.append(address)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.accept_limit is not None and len(self.inbox) >= self.accept_limit:
            return "421 4.7.0 Zu viele Mails auf einmal, bitte später wieder"
        for address in envelope.rcpt_tos:
            if address in self.refuse_data:
                return self.refuse_data[address]
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
