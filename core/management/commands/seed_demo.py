from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from core import demo_registry


class Command(BaseCommand):
    help = "Legt die deutschen Demo-Inhalte an (mehrfach ausführbar, nichts wird doppelt angelegt)."

    def handle(self, *args, **options):
        # Each app keeps its demo content in its own demo.py with a seed() function, so the
        # apps stay independent of each other and of this command.
        autodiscover_modules("demo")
        with transaction.atomic():
            for name, seed in demo_registry.seeders():
                summary = seed()
                self.stdout.write(f"{name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind angelegt."))
