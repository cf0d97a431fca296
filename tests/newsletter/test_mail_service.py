"""Sending through a mail service (ANYMAIL_ESP) instead of SMTP: the settings, and an
edition through anymail's real Postmark backend against a stand-in for Postmark's API on
loopback (the one part of the internet these tests replace)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from config.mailservice import mail_service_settings
from newsletter import outbox, services
from newsletter.models import Delivery, Subscriber
from tests.newsletter.editions import make_confirmed, make_edition, send_all_batches
from tests.ports import free_port

pytestmark = pytest.mark.usefixtures("edition_settings")


@pytest.mark.parametrize(
    ("esp", "key", "backend", "credentials"),
    [
        ("postmark", "pm-token", "postmark", {"POSTMARK_SERVER_TOKEN": "pm-token"}),
        ("brevo", "xkeysib-1", "brevo", {"BREVO_API_KEY": "xkeysib-1"}),
        ("mailgun", "mg-key", "mailgun", {"MAILGUN_API_KEY": "mg-key"}),
        (
            "Mailjet",
            "pub:priv",
            "mailjet",
            {"MAILJET_API_KEY": "pub", "MAILJET_SECRET_KEY": "priv"},
        ),
        ("amazon_ses", "", "amazon_ses", {}),
    ],
)
def test_anymail_esp_picks_the_service_s_backend_and_key(
    monkeypatch, esp, key, backend, credentials
):
    monkeypatch.setenv("ANYMAIL_ESP", esp)
    monkeypatch.setenv("ANYMAIL_API_KEY", key)
    monkeypatch.setenv("ANYMAIL_WEBHOOK_SECRET", "elternpost:geheim")

    name, anymail, email_backend = mail_service_settings(environ.Env())

    assert name == esp.lower()
    assert email_backend == f"anymail.backends.{backend}.EmailBackend"
    assert anymail == {"WEBHOOK_SECRET": "elternpost:geheim", **credentials}


def test_without_anymail_esp_smtp_stays(monkeypatch):
    monkeypatch.delenv("ANYMAIL_ESP", raising=False)
    assert mail_service_settings(environ.Env())[2] == ""


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ANYMAIL_ESP", "pigeonpost", "kennt django-anymail nicht"),
        ("ANYMAIL_ESP", "../../etc", "kennt django-anymail nicht"),
        ("ANYMAIL_WEBHOOK_SECRET", "nur-ein-wort", "benutzer:passwort"),
    ],
)
def test_wrong_settings_stop_the_start_with_a_german_message(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        mail_service_settings(environ.Env())


class FakePostmark(BaseHTTPRequestHandler):
    """Postmark's /email endpoint: 406 "inactive" for addresses in `inactive`, else OK."""

    inactive = set()
    broken = False
    received = []

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        to = payload["To"]
        if self.broken:
            status, answer = 500, {"ErrorCode": 500, "Message": "Internal Server Error"}
        elif to in self.inactive:
            status, answer = (
                422,
                {
                    "ErrorCode": 406,
                    "Message": f"You tried to send to a recipient that has been marked as "
                    f"inactive.\nFound inactive addresses: {to}.\nInactive recipients are ones "
                    "that have generated a hard bounce or a spam complaint. ",
                },
            )
        else:
            self.received.append(payload)
            status, answer = (
                200,
                {"ErrorCode": 0, "Message": "OK", "MessageID": "b7bc2f4a", "To": to},
            )
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def postmark(settings):
    FakePostmark.inactive, FakePostmark.broken, FakePostmark.received = set(), False, []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), FakePostmark)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "pm-test",
        "POSTMARK_API_URL": f"http://127.0.0.1:{server.server_port}/",
    }
    yield FakePostmark
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_an_edition_through_postmark_blocks_the_address_it_refuses(postmark):
    make_confirmed(3)
    postmark.inactive = {"leser1@example.org"}
    edition = make_edition()

    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)

    assert sorted(p["To"] for p in postmark.received) == [
        "leser0@example.org",
        "leser2@example.org",
    ]
    headers = {h["Name"]: h["Value"] for h in postmark.received[0]["Headers"]}
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    refused = Subscriber.objects.get(email="leser1@example.org")
    assert refused.status == Subscriber.Status.BOUNCED
    event = refused.mail_events.get()
    assert (event.source, event.kind) == ("Postmark", "refused")
    assert "rejected" in event.reason
    assert edition.deliveries.get(subscriber=refused).status == Delivery.Status.FAILED


@pytest.mark.django_db
def test_a_service_outage_is_waited_out_like_an_smtp_outage(postmark):
    make_confirmed(2)
    postmark.broken = True
    edition = make_edition()
    services.edition_send(edition=edition, enqueue=False)

    result = outbox.edition_send_batch(edition_id=edition.pk)

    assert result.next_run_at is not None and result.failures == 1
    assert set(edition.deliveries.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert Subscriber.objects.confirmed().count() == 2
