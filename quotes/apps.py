from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"
    verbose_name = "Zitate"

    def ready(self):
        from core.cache import pages_depend_on
        from quotes import signals  # noqa: F401  (connects the cache invalidation)

        pages_depend_on(*self.get_models())
