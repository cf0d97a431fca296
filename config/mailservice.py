"""Mail through a service with django-anymail (ANYMAIL_ESP) instead of SMTP (EMAIL_URL)."""

import importlib.util

from django.core.exceptions import ImproperlyConfigured


def _credentials(esp, key):
    """anymail's settings names for one service's key (ANYMAIL_API_KEY)."""
    if esp == "amazon_ses":
        return {}  # boto3 reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION
    if esp == "postmark":
        return {"POSTMARK_SERVER_TOKEN": key}
    if esp == "mailjet":
        api_key, _, secret = key.partition(":")
        return {"MAILJET_API_KEY": api_key, "MAILJET_SECRET_KEY": secret}
    return {f"{esp.upper()}_API_KEY": key}


def mail_service_settings(env):
    """(ANYMAIL_ESP, the ANYMAIL setting, EMAIL_BACKEND or "" to keep EMAIL_URL's)."""
    esp = env.str("ANYMAIL_ESP", default="").strip().lower()
    anymail = {"WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default="")}
    if anymail["WEBHOOK_SECRET"] and ":" not in anymail["WEBHOOK_SECRET"]:
        raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET hat die Form benutzer:passwort.")
    # Mailgun signs its webhooks with a key of its own (older accounts: the API key).
    if signing_key := env.str("ANYMAIL_WEBHOOK_SIGNING_KEY", default=""):
        anymail["MAILGUN_WEBHOOK_SIGNING_KEY"] = signing_key
    if not esp:
        return esp, anymail, ""
    if not esp.isidentifier() or importlib.util.find_spec(f"anymail.backends.{esp}") is None:
        raise ImproperlyConfigured(f"ANYMAIL_ESP={esp!r} kennt django-anymail nicht.")
    anymail.update(_credentials(esp, env.str("ANYMAIL_API_KEY", default="")))
    return esp, anymail, f"anymail.backends.{esp}.EmailBackend"
