"""The mail services' tracking webhooks (/anymail/<esp>/tracking/), fed with the payloads
each service posts (tests/fixtures/anymail/, written after the services' documentation)."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsletter import services
from newsletter.models import MailEvent, Subscriber
from tests.newsletter.editions import make_subscriber

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "anymail"
SECRET = "elternpost:geheim-und-lang-genug"
MAILGUN_KEY = "key-nur-fuer-tests"
SERVICES = ["postmark", "brevo", "mailgun", "mailjet", "amazon_ses"]
Status = Subscriber.Status

HARD_BOUNCES = {
    "postmark": "postmark_hard_bounce",
    "brevo": "brevo_hard_bounce",
    "mailgun": "mailgun_permanent_failure",
    "mailjet": "mailjet_hard_bounce",
    "amazon_ses": "amazon_ses_permanent_bounce",
}
COMPLAINTS = {
    "postmark": "postmark_spam_complaint",
    "brevo": "brevo_spam",
    "mailgun": "mailgun_complained",
    "mailjet": "mailjet_spam",
    "amazon_ses": "amazon_ses_complaint",
}
SOFT_BOUNCES = {
    "postmark": "postmark_soft_bounce",
    "brevo": "brevo_soft_bounce",
    "mailjet": "mailjet_soft_bounce",
    "amazon_ses": "amazon_ses_transient_bounce",
}
DELIVERIES = {
    "postmark": "postmark_delivery",
    "brevo": "brevo_delivered",
    "amazon_ses": "amazon_ses_delivery",
}


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}


@pytest.fixture
def anna(db):
    return make_subscriber("anna@example.org", first_name="Anna")


def payload(name, number=0):
    """A fixture's payload; `number` makes a repeated event a new one (its own id)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    if number and "ID" in data:  # Postmark
        data["ID"] += number
    if number and "MessageId" in data:  # Amazon SNS
        data["MessageId"] += f"-{number}"
    return data


def post(client, esp, data, *, auth=SECRET):
    headers = {}
    if auth is not None:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    if esp == "mailgun" and "signature" in data:
        block = data["signature"]
        block["signature"] = hmac.new(
            MAILGUN_KEY.encode(), f"{block['timestamp']}{block['token']}".encode(), hashlib.sha256
        ).hexdigest()
    if esp == "amazon_ses":
        headers["HTTP_X_AMZ_SNS_MESSAGE_TYPE"] = data["Type"]
        headers["HTTP_X_AMZ_SNS_MESSAGE_ID"] = data["MessageId"]
    return client.post(
        f"/anymail/{esp}/tracking/", json.dumps(data), content_type="application/json", **headers
    )


@pytest.mark.parametrize("esp", SERVICES)
def test_a_hard_bounce_blocks_the_address_at_once_with_time_and_reason(client, anna, esp):
    response = post(client, esp, payload(HARD_BOUNCES[esp]))

    assert response.status_code == 200
    anna.refresh_from_db()
    assert anna.status == Status.BOUNCED
    assert anna.suppressed_at is not None
    event = anna.mail_events.get()
    assert event.kind == MailEvent.Kind.HARD_BOUNCE
    assert "550" in event.reason or "user unknown" in event.reason
    assert event.occurred_at.date().isoformat() == "2026-11-05"
    assert event.get_kind_display() in anna.suppression_reason


@pytest.mark.parametrize("esp", SERVICES)
def test_a_complaint_blocks_the_address_at_once(client, anna, esp):
    assert post(client, esp, payload(COMPLAINTS[esp])).status_code == 200

    anna.refresh_from_db()
    assert anna.status == Status.COMPLAINED
    assert anna.mail_events.get().kind == MailEvent.Kind.COMPLAINT
    assert "Spam-Beschwerde" in anna.suppression_reason


@pytest.mark.parametrize("esp", sorted(SOFT_BOUNCES))
def test_temporary_bounces_block_only_the_third_in_a_row(client, anna, esp):
    for number in (1, 2):
        post(client, esp, payload(SOFT_BOUNCES[esp], number))
    anna.refresh_from_db()
    assert (anna.status, anna.soft_bounces) == (Status.CONFIRMED, 2)

    post(client, esp, payload(SOFT_BOUNCES[esp], 3))

    anna.refresh_from_db()
    assert (anna.status, anna.soft_bounces) == (Status.BOUNCED, 3)
    assert "3 vorübergehende Bounces in Folge" in anna.suppression_reason
    assert list(anna.mail_events.values_list("kind", flat=True)) == ["soft_bounce"] * 3


@pytest.mark.parametrize("esp", sorted(DELIVERIES))
def test_a_delivery_in_between_starts_the_count_again(client, anna, esp):
    post(client, esp, payload(SOFT_BOUNCES[esp], 1))
    post(client, esp, payload(SOFT_BOUNCES[esp], 2))
    post(client, esp, payload(DELIVERIES[esp]))
    post(client, esp, payload(SOFT_BOUNCES[esp], 3))
    post(client, esp, payload(SOFT_BOUNCES[esp], 4))

    anna.refresh_from_db()
    assert (anna.status, anna.soft_bounces) == (Status.CONFIRMED, 2)
    assert anna.mail_events.filter(kind=MailEvent.Kind.DELIVERED).count() == 1


def test_plain_deliveries_are_not_stored(client, anna):
    post(client, "postmark", payload("postmark_delivery"))
    assert not MailEvent.objects.exists()


def test_a_webhook_the_service_repeats_counts_once(client, anna):
    for _ in range(3):
        assert post(client, "postmark", payload("postmark_soft_bounce")).status_code == 200

    anna.refresh_from_db()
    assert (anna.status, anna.soft_bounces) == (Status.CONFIRMED, 1)


def test_mailgun_temporary_failures_are_left_to_mailgun_s_own_retries(client, anna):
    assert post(client, "mailgun", payload("mailgun_temporary_failure")).status_code == 200
    anna.refresh_from_db()
    assert (anna.status, anna.soft_bounces) == (Status.CONFIRMED, 0)


def test_an_unsubscribed_address_stays_unsubscribed_and_a_complaint_outranks_a_bounce(client, db):
    gone = make_subscriber("anna@example.org", status=Status.UNSUBSCRIBED)
    post(client, "postmark", payload("postmark_hard_bounce"))
    gone.refresh_from_db()
    assert gone.status == Status.UNSUBSCRIBED
    assert gone.mail_events.count() == 1

    gone.status = Status.CONFIRMED
    gone.save()
    post(client, "brevo", payload("brevo_hard_bounce"))
    post(client, "brevo", payload("brevo_spam"))
    gone.refresh_from_db()
    assert gone.status == Status.COMPLAINED


def test_a_pending_address_that_bounces_gets_no_confirmation_mail_any_more(client, db):
    pending = make_subscriber("anna@example.org", status=Status.PENDING)
    Subscriber.objects.filter(pk=pending.pk).update(confirmation_requested_at=datetime.now(UTC))

    post(client, "amazon_ses", payload("amazon_ses_permanent_bounce"))

    pending.refresh_from_db()
    assert pending.status == Status.BOUNCED
    assert pending.confirmation_requested_at is None


def test_addresses_not_on_the_list_are_ignored(client, db):
    assert post(client, "postmark", payload("postmark_hard_bounce")).status_code == 200
    assert not MailEvent.objects.exists()


def test_events_are_in_the_gdpr_export_and_erased_with_the_subscriber(client, anna):
    post(client, "postmark", payload("postmark_hard_bounce"))
    anna.refresh_from_db()

    exported = anna.personal_data()
    [event] = exported["Zustellmeldungen"]
    assert event["kind"] == "hard_bounce"
    assert event["source"] == "Postmark"
    assert event["occurred_at"].startswith("2026-11-05T16:33:54")
    assert exported["suppression_reason"] == anna.suppression_reason
    json.dumps(exported)

    services.subscriber_erase(subscriber=anna)
    assert not MailEvent.objects.exists()


# --- Who may post ------------------------------------------------------------------------


@pytest.mark.parametrize("esp", SERVICES)
@pytest.mark.parametrize("auth", [None, "elternpost:falsch", "fremd:" + SECRET.split(":")[1]])
def test_wrong_or_missing_basic_auth_is_refused(client, anna, esp, auth):
    response = post(client, esp, payload(HARD_BOUNCES[esp]), auth=auth)

    # Amazon SNS only sends credentials after a 401 asks for them; the others get a 400.
    assert response.status_code in (400, 401)
    anna.refresh_from_db()
    assert anna.status == Status.CONFIRMED
    assert not MailEvent.objects.exists()


def test_mailgun_payload_with_a_forged_signature_is_refused(client, anna):
    data = payload("mailgun_permanent_failure")
    response = client.post(
        "/anymail/mailgun/tracking/",
        json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )
    assert response.status_code == 400
    anna.refresh_from_db()
    assert anna.status == Status.CONFIRMED


@pytest.mark.parametrize("esp", [*SERVICES, "sendgrid", "..", "postmark%2F..%2Fadmin"])
def test_without_a_configured_secret_every_webhook_is_404(client, anna, settings, esp):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    data = payload(HARD_BOUNCES.get(esp, "postmark_hard_bounce"))

    assert post(client, esp, data).status_code == 404
    anna.refresh_from_db()
    assert anna.status == Status.CONFIRMED


def test_services_not_supported_are_404_also_with_a_secret(client, db):
    assert post(client, "sendgrid", payload("postmark_hard_bounce")).status_code == 404


def test_mailgun_without_a_signing_key_is_404(client, settings, db):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    assert post(client, "mailgun", payload("mailgun_complained")).status_code == 404


@pytest.mark.parametrize(
    "body", ["kein json", "[1, 2]", '{"RecordType": "Bounce"}', "<script>alert(1)</script>"]
)
def test_garbage_from_an_authenticated_sender_is_a_400_not_a_crash(client, anna, body):
    response = client.post(
        "/anymail/postmark/tracking/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )
    assert response.status_code in (200, 400)
    anna.refresh_from_db()
    assert anna.status == Status.CONFIRMED


def test_a_hostile_reason_is_stored_as_text_and_shown_escaped(admin_client, client, anna):
    data = payload("postmark_hard_bounce")
    data["Details"] = "<script>alert('x')</script>" + "x" * 5000
    post(client, "postmark", data)

    event = anna.mail_events.get()
    assert len(event.reason) == 500
    page = admin_client.get(f"/admin/newsletter/subscriber/{anna.pk}/change/").content.decode()
    assert "<script>alert(&#x27;x&#x27;)</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
