from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Website"

    def ready(self):
        # Both modules read models, which exist only once the apps are loaded.
        from core import daily
        from core.auth import login_records_forget_old

        daily.register(login_records_forget_old)
