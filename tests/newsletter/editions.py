"""Helpers for the edition tests: subscribers, editions, and running every batch.

Their fixtures (`edition_settings`, `scripted_smtp`) are in conftest.py.
"""

from django.utils import timezone

from newsletter import outbox
from newsletter.models import Edition, Subscriber

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
        if outbox.edition_send_batch(edition_id=edition.pk).next_run_at is None:
            return
    raise AssertionError("Die Ausgabe wurde nicht fertig.")
