from django.core.management.base import BaseCommand

from stats.services import counts_flush
from stats.tasks import schedule_flush


class Command(BaseCommand):
    help = (
        "Schreibt die gepufferten Zählungen der Lesestatistik in die Datenbank. Mit "
        "--schedule übernimmt der Task-Worker (db_worker) das danach jede Minute selbst."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Zusätzlich eine minütliche Aufgabe für den Worker einplanen (mehrfach harmlos).",
        )

    def handle(self, *args, schedule=False, **options):
        self.stdout.write(f"Zählungen übertragen: {counts_flush()}")
        if schedule:
            schedule_flush()
            self.stdout.write("Der Worker überträgt ab jetzt jede Minute.")
