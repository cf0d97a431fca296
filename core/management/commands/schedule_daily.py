from django.core.management.base import BaseCommand

from core import daily


class Command(BaseCommand):
    help = (
        "Startet die täglichen Aufgaben im Task-Worker (Aufräumen alter Anmeldungen und "
        "Login-Protokolle). Mehrfach ausführbar: es läuft immer nur eine Kette."
    )

    def handle(self, *args, **options):
        daily.schedule()
        names = ", ".join(sorted(daily.jobs())) or "keine"
        self.stdout.write(f"Tägliche Aufgaben eingeplant ({names}).")
