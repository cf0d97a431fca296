from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = "Statistik"

    def ready(self):
        # Both modules read models, which exist only once the apps are loaded.
        from core import daily
        from stats.services import counts_roll_up

        daily.register(counts_roll_up)
