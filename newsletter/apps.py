from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter (Elternpost)"

    def ready(self):
        from core import daily
        from newsletter.services import subscriber_cleanup_unconfirmed

        daily.register(subscriber_cleanup_unconfirmed)
