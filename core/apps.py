from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = "Website"

    def ready(self):
        # Both modules read models, which exist only once the apps are loaded.
        from core import daily
        from core.auth import login_records_forget_old

        daily.register(login_records_forget_old)


class AdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "core.admin_site.AdminSite"
