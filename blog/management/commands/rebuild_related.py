from django.core.management.base import BaseCommand

from blog.related import related_lists_rebuild


class Command(BaseCommand):
    help = "Berechnet die ähnlichen Beiträge aller Artikel neu."

    def handle(self, *args, **options):
        count = related_lists_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Ähnliche Beiträge für {count} Artikel berechnet."))
