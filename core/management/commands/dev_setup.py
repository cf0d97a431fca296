from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Nur für die Entwicklung: Demo-Inhalte in eine leere Datenbank, Admin-Zugang anlegen."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("dev_setup ist nur mit DEBUG gedacht, nie für den Betrieb.")
        if not FlatPage.objects.exists():
            call_command("seed_demo", stdout=self.stdout)

        url = f"{settings.SITE_URL}/{settings.ADMIN_URL}"
        User = get_user_model()
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            self.stdout.write(
                f"Admin: {url} – Benutzer „{ADMIN_USERNAME}“ besteht schon. Neues Passwort: "
                f"python manage.py changepassword {ADMIN_USERNAME}"
            )
            return
        password = get_random_string(20)
        User.objects.create_superuser(ADMIN_USERNAME, "admin@localhost", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}\n  Benutzer: {ADMIN_USERNAME}\n  Passwort: {password}\n"
                "  (wird nur dieses eine Mal angezeigt)"
            )
        )
