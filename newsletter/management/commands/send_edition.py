import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsletter import outbox, services
from newsletter.models import Edition


class Command(BaseCommand):
    help = (
        "Sendet eine Elternpost-Ausgabe an alle bestätigten Abonnentinnen und Abonnenten – "
        "wie die Schaltfläche im Admin. Ein abgebrochener Versand wird fortgesetzt, ohne dass "
        "jemand die Ausgabe doppelt bekommt."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition_id", type=int, help="Nummer (ID) der Ausgabe")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Nur einplanen: Der Task-Worker (db_worker) versendet im Hintergrund.",
        )

    def handle(self, *args, edition_id, enqueue, **options):
        edition = Edition.objects.filter(pk=edition_id).first()
        if edition is None:
            raise CommandError(f"Eine Ausgabe mit der Nummer {edition_id} gibt es nicht.")
        try:
            edition = services.edition_send(edition=edition, enqueue=enqueue)
        except services.EditionError as error:
            raise CommandError(str(error)) from error
        if enqueue:
            self.stdout.write(f"„{edition.subject}“ ist eingeplant; der Task-Worker versendet.")
            return
        self.stdout.write(f"Sende „{edition.subject}“ …")
        failures = 0
        while True:
            result = outbox.edition_send_batch(edition_id=edition.pk, failures=failures)
            failures = result.failures
            self._report(edition)
            if result.next_run_at is None:
                break
            # The same throttle and backoff as the worker; Ctrl+C is safe, a rerun resumes.
            time.sleep(max(0.0, (result.next_run_at - timezone.now()).total_seconds()))
        edition.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"Fertig: {edition.get_status_display()}."))

    def _report(self, edition):
        progress = outbox.edition_progress(edition)
        line = (
            f"gesendet {progress.sent} / offen {progress.pending} / "
            f"fehlgeschlagen {progress.failed}"
        )
        if progress.skipped:
            line += f" / übersprungen {progress.skipped}"
        self.stdout.write(line)
