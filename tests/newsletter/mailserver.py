"""Django's mail settings for a loopback SMTP server that a test starts."""


def send_mail_to(settings, port, host="127.0.0.1"):
    """Point Django's real SMTP backend at the server on `host:port`, plain and quick."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = host
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
