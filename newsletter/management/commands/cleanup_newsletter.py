from django.core.management.base import BaseCommand

from newsletter.services import subscriber_cleanup_unconfirmed


class Command(BaseCommand):
    help = (
        "Löscht Newsletter-Anmeldungen, die nach 30 Tagen noch nicht bestätigt sind. Täglich "
        "tut das der Task-Worker selbst, sobald `manage.py schedule_daily` einmal lief."
    )

    def handle(self, *args, **options):
        deleted = subscriber_cleanup_unconfirmed()
        self.stdout.write(f"Unbestätigte Anmeldungen gelöscht: {deleted}")
