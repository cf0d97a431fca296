from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"
    verbose_name = "Zitate"

    def ready(self):
        from quotes import signals  # noqa: F401  (connects the cache invalidation)
