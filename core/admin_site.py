"""The author's admin site: her work first, in the order she does it (settings.ADMIN_ORDER)."""

from django.conf import settings
from django.contrib import admin

# Third-party apps whose names are not translatable (superusers see them only).
APP_NAMES = {"axes": "Anmeldeversuche", "django_tasks_database": "Hintergrundaufgaben"}


class AdminSite(admin.AdminSite):
    site_header = "Elternblog – Redaktion"
    site_title = "Elternblog"
    index_title = "Schreibtisch"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        rank = {label.lower(): place for place, label in enumerate(settings.ADMIN_ORDER)}

        def place(app, model):
            return rank.get(f"{app['app_label']}.{model['object_name']}".lower(), len(rank))

        # Stable sorts: whatever ADMIN_ORDER leaves out keeps Django's alphabetical order.
        for app in apps:
            app["name"] = APP_NAMES.get(app["app_label"], app["name"])
            app["models"].sort(key=lambda model, app=app: place(app, model))
        apps.sort(key=lambda app: min(place(app, model) for model in app["models"]))
        return apps
