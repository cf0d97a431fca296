from django.core.management.base import BaseCommand

from newsletter.services import subscriber_cleanup_unconfirmed
from newsletter.tasks import schedule_cleanup


class Command(BaseCommand):
    help = (
        "Löscht Newsletter-Anmeldungen, die nach 30 Tagen noch nicht bestätigt sind. "
        "Mit --schedule übernimmt der Task-Worker (db_worker) das danach täglich selbst."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Zusätzlich eine tägliche Aufgabe für den Worker einplanen (mehrfach harmlos).",
        )

    def handle(self, *args, schedule=False, **options):
        deleted = subscriber_cleanup_unconfirmed()
        self.stdout.write(f"Unbestätigte Anmeldungen gelöscht: {deleted}")
        if schedule:
            schedule_cleanup()
            self.stdout.write("Der Worker räumt ab jetzt täglich auf.")
