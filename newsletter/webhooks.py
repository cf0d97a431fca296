"""/anymail/<esp>/tracking/: the mail services' bounce and complaint reports.

django-anymail's own views parse each service's format, check the HTTP basic auth
(ANYMAIL_WEBHOOK_SECRET) and send its `tracking` signal (newsletter/suppression.py). This
view only picks the service's view and answers 404 while no secret is configured, so an
unprotected endpoint never exists. Every listed service is served whatever ANYMAIL_ESP
says: mail sent through a service's SMTP relay reports its bounces the same way.
"""

import logging

from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

TRACKING_VIEWS = {
    "amazon_ses": AmazonSESTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
    "mailjet": MailjetTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
}


@csrf_exempt
def tracking(request, esp):
    view_class = TRACKING_VIEWS.get(esp)
    anymail = getattr(settings, "ANYMAIL", {})
    if view_class is None or not anymail.get("WEBHOOK_SECRET"):
        raise Http404("Kein Webhook für diesen Maildienst eingerichtet.")
    if esp == "mailgun" and not (
        anymail.get("MAILGUN_WEBHOOK_SIGNING_KEY") or anymail.get("MAILGUN_API_KEY")
    ):
        # Mailgun signs its webhooks; without the key the signature cannot be checked.
        raise Http404("Für Mailgun fehlt ANYMAIL_WEBHOOK_SIGNING_KEY.")
    try:
        return view_class.as_view()(request)
    except (ValueError, KeyError, TypeError) as error:
        # Authenticated, but not the service's format (anymail checks auth first): the
        # service should not retry it, as it would with a 500.
        logger.warning("Webhook %s: unlesbare Daten (%r)", esp, error)
        return HttpResponseBadRequest("Unlesbare Daten.")
