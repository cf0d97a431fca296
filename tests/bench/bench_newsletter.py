"""Sends one edition to 10,000 confirmed subscribers through an SMTP server on loopback,
then takes a burst of 1,000 bounce and complaint webhooks.

The way production does it: `edition_send` creates the deliveries and queues the first
batch, the real task worker (`db_worker --batch`) mails batch after batch over one SMTP
connection each. The throttle is lifted, so the figure is what the code can do; the mail
server (aiosmtpd) runs in its own process and only counts. Targets: at least 50 mails per
second, at most 200 MB peak memory of the sending process, with suppression on: 500 more
addresses are blocked (bounced or complained) and must get nothing, and the server refuses
every 500th recipient for good (550), which blocks it mid-send. The webhook burst posts
1,000 Postmark events (hard and soft bounces, complaints, deliveries) through the whole
Django stack, basic auth included; target: at most 10 s.
"""

import base64
import json
import logging
import multiprocessing
import os
import resource
import time

from tests.ports import free_port

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", 10_000))
BLOCKED = SUBSCRIBERS // 20
WEBHOOK_EVENTS = 1000
WEBHOOK_SECRET = "bench:geheim"


def _smtp_server(port, ready, counts):
    """Child process: aiosmtpd that counts messages and distinct recipients."""
    import asyncio

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    seen = set()

    class Counter:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("unbekannt"):
                return "550 5.1.1 Postfach unbekannt"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            counts[0] += 1
            seen.update(envelope.rcpt_tos)
            counts[1] = len(seen)
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    asyncio.run(asyncio.sleep(3600))


def main():
    port = free_port()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ["NEWSLETTER_MAILS_PER_MINUTE"] = "1000000"
    os.environ.setdefault("SITE_URL", "https://elternblog.example")
    os.environ["ANYMAIL_WEBHOOK_SECRET"] = WEBHOOK_SECRET
    from tests.bench.setup import django_setup

    django_setup("newsletter")
    logging.disable(logging.WARNING)

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from newsletter import outbox, services
    from newsletter.models import Edition, Subscriber, Topic

    # The test environment swaps in the in-memory mail backend; this is about real SMTP.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    counts = context.Array("i", [0, 0])
    server = context.Process(target=_smtp_server, args=(port, ready, counts), daemon=True)
    server.start()
    ready.wait(30)
    try:
        _create_subscribers(Subscriber, timezone.now())
        # Topics on: every second subscriber chose one of four, the edition is for two of
        # them, so it goes to those with none (half) and those with one of its two.
        topics = [
            Topic.objects.create(name=name, slug=name.lower())
            for name in ("Baby", "Kleinkind", "Kita", "Schule")
        ]
        Subscriber.topics.through.objects.bulk_create(
            [
                Subscriber.topics.through(subscriber_id=pk, topic_id=topics[n % 8 // 2].pk)
                for n, pk in enumerate(
                    Subscriber.objects.confirmed().order_by("pk").values_list("pk", flat=True)
                )
                if n % 2
            ],
            batch_size=1000,
        )
        edition = Edition.objects.create(
            subject="Elternpost im November: Schlaf, Kita und ganz viel Geduld",
            body="".join(
                f"<h2>Abschnitt {n}</h2><p>Liebe Eltern, die Tage werden kürzer und die "
                f"Nächte manchmal länger. <a href='/artikel/schlaf-{n}/'>Mehr dazu</a>.</p>"
                "<ul><li>früh ins Bett</li><li>Rituale</li><li>Geduld</li></ul>"
                for n in range(6)
            ),
        )

        edition.topics.set(topics[2:])
        recipients = Subscriber.objects.recipients_of(edition).count()

        started, cpu_started = time.perf_counter(), _cpu_seconds()
        services.edition_send(edition=edition)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    finally:
        server.terminate()
        server.join(10)

    edition.refresh_from_db()
    progress = outbox.edition_progress(edition)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"newsletter_edition_status: {edition.status} ({progress.sent} gesendet, "
          f"{progress.pending} offen, {progress.failed} fehlgeschlagen)")  # fmt: skip
    print(f"newsletter_recipients: {recipients} of {SUBSCRIBERS} (edition with 2 of 4 topics)")
    print(f"newsletter_smtp_received: {counts[0]} mails ({counts[1]} distinct recipients)")
    print(f"newsletter_send_time: {elapsed:.1f} s")
    print(f"newsletter_mails_per_second: {progress.sent / elapsed:.0f} mails/s (target >= 50; "
          f"the sending process's CPU alone would allow {progress.sent / cpu:.0f})")  # fmt: skip
    print(f"newsletter_peak_memory: {peak_mb:.0f} MB (target <= 200)")
    blocked = Subscriber.objects.filter(status__in=["bounced", "complained"]).count()
    print(f"newsletter_blocked_addresses: {blocked} (none of them mailed: "
          f"{counts[1] == progress.sent})")  # fmt: skip
    _webhook_burst(Subscriber)


def _cpu_seconds():
    # On a shared machine wall time says more about the neighbours than about the code.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _address(n):
    # Every 500th is refused by the mail server for good.
    return f"unbekannt{n}@example.org" if n % 500 == 7 else f"leserin{n}@example.org"


def _create_subscribers(Subscriber, now):
    def subscriber(n, status):
        return Subscriber(
            email=_address(n),
            first_name="Mara" if n % 3 else "",
            status=status,
            consent_text="Ja, ich möchte die Elternpost erhalten.",
            consent_version=1,
            confirmed_at=now,
        )

    confirmed = [subscriber(n, "confirmed") for n in range(SUBSCRIBERS)]
    blocked = [
        subscriber(n, "bounced" if n % 2 else "complained")
        for n in range(SUBSCRIBERS, SUBSCRIBERS + BLOCKED)
    ]
    Subscriber.objects.bulk_create(confirmed + blocked, batch_size=1000)


def _webhook_burst(Subscriber):
    """1,000 Postmark webhooks, one request each, as a bounce storm after an edition."""
    from django.test import Client

    kinds = [
        {"RecordType": "Bounce", "Type": "HardBounce", "Details": "550 5.1.1 unknown user"},
        {"RecordType": "Bounce", "Type": "SoftBounce", "Details": "452 4.2.2 Mailbox full"},
        {"RecordType": "SpamComplaint", "Type": "SpamComplaint"},
        {"RecordType": "Delivery", "Details": "250 OK"},
    ]
    client = Client()
    auth = "Basic " + base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    statuses = []
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    for n in range(WEBHOOK_EVENTS):
        # Soft bounces and deliveries hit the same few addresses, so runs build up and reset.
        address = _address(n % 700 if n % 4 in (1, 3) else n + 1)
        event = {
            **kinds[n % 4],
            "ID": n,
            "MessageID": f"m-{n}",
            "Email": address,
            "Recipient": address,
            "BouncedAt": "2026-11-05T16:33:54Z",
            "DeliveredAt": "2026-11-05T16:33:54Z",
        }
        response = client.post(
            "/anymail/postmark/tracking/",
            json.dumps(event),
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        )
        statuses.append(response.status_code)
    elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    blocked = Subscriber.objects.filter(status__in=["bounced", "complained"]).count()
    ok = statuses.count(200)
    print(f"newsletter_webhook_burst: {WEBHOOK_EVENTS} events in {elapsed:.1f} s, "
          f"{cpu:.1f} s CPU ({ok} answered 200; target <= 10 s)")  # fmt: skip
    print(f"newsletter_blocked_after_burst: {blocked} addresses")


if __name__ == "__main__":
    main()
