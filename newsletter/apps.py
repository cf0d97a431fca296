from django.apps import AppConfig

from core.cache import pages_depend_on


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Elternpost"

    def ready(self):
        from anymail.signals import tracking

        from core import daily
        from newsletter.models import Edition, SignupBox, Topic
        from newsletter.scheduling import start_due_editions
        from newsletter.services import subscriber_cleanup_unconfirmed
        from newsletter.suppression import tracking_received

        # The archive shows editions, every page the signup box with its topics; subscribers
        # and their deliveries change with every signup and show on no cached page.
        pages_depend_on(Edition, SignupBox, Topic)
        daily.register(subscriber_cleanup_unconfirmed)
        # Bounces and complaints from a mail service's webhooks (/anymail/<esp>/tracking/).
        tracking.connect(tracking_received, dispatch_uid="newsletter.suppression")
        # A safety net only: each scheduled edition has its own task queued for its time.
        daily.register(start_due_editions)
