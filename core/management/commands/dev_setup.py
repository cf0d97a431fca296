from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

# The author as she works: staff in the group "Autorin", not a superuser, so `make run` shows
# the admin she sees. Technical pages need `python manage.py createsuperuser`.
ADMIN_USERNAME = "autorin"
AUTHOR_GROUP = "Autorin"


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
        author = User.objects.create_user(
            ADMIN_USERNAME, "autorin@example.org", password, first_name="Anna", is_staff=True
        )
        author.groups.add(Group.objects.get(name=AUTHOR_GROUP))
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}\n  Benutzer: {ADMIN_USERNAME}\n  Passwort: {password}\n"
                "  (wird nur dieses eine Mal angezeigt; Technik-Seiten: python manage.py "
                "createsuperuser)"
            )
        )
