from django.apps import AppConfig

from core.cache import pages_depend_on


class QuotesConfig(AppConfig):
    name = "quotes"
    verbose_name = "Zitate"

    def ready(self):
        from quotes import signals  # noqa: F401  (connects the cache invalidation)

        pages_depend_on(*self.get_models())
