from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter (Elternpost)"

    def ready(self):
        from core.cache import pages_depend_on
        from newsletter.models import Edition, SignupBox

        # The archive shows editions, every page the signup box; subscribers and their
        # deliveries change with every signup and show on no cached page.
        pages_depend_on(Edition, SignupBox)
