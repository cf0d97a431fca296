"""Sends one edition to 10,000 confirmed subscribers through an SMTP server on loopback.

The way production does it: `edition_send` creates the deliveries and queues the first
batch, the real task worker (`db_worker --batch`) mails batch after batch over one SMTP
connection each. The throttle is lifted, so the figure is what the code can do; the mail
server (aiosmtpd) runs in its own process and only counts. Targets: at least 50 mails per
second, at most 200 MB peak memory of the sending process.
"""

import logging
import multiprocessing
import os
import resource
import time

from tests.ports import free_port

SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", 10_000))


def _smtp_server(port, ready, counts):
    """Child process: aiosmtpd that counts messages and distinct recipients."""
    import asyncio

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    seen = set()

    class Counter:
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
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"leserin{n}@example.org",
                    first_name="Mara" if n % 3 else "",
                    status=Subscriber.Status.CONFIRMED,
                    consent_text="Ja, ich möchte die Elternpost erhalten.",
                    consent_version=1,
                    confirmed_at=now,
                )
                for n in range(SUBSCRIBERS)
            ],
            batch_size=1000,
        )
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
                    Subscriber.objects.order_by("pk").values_list("pk", flat=True)
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

        started = time.perf_counter()
        services.edition_send(edition=edition)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")
        elapsed = time.perf_counter() - started
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
    print(f"newsletter_mails_per_second: {progress.sent / elapsed:.0f} mails/s (target >= 50)")
    print(f"newsletter_peak_memory: {peak_mb:.0f} MB (target <= 200)")


if __name__ == "__main__":
    main()
