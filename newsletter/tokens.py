"""Signed tokens for the links in newsletter mail.

A confirm token expires after 7 days and is tied to one opt-in round (the signup time),
so a link from before an unsubscribe cannot confirm a later signup. An unsubscribe or
preferences token never expires: an old edition's links must always work.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from newsletter.models import CONFIRM_LINK_VALIDITY

CONFIRM_MAX_AGE = CONFIRM_LINK_VALIDITY
# Stands in for a subscriber's token in previews and test mails to a non-subscriber: the
# links lead to a page that explains them instead of to anybody's settings.
PREVIEW_TOKEN = "vorschau"
_CONFIRM_SALT = "newsletter.confirm"
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
_PREFERENCES_SALT = "newsletter.preferences"


class TokenExpired(Exception):
    """A correctly signed confirm token past its age; `subscriber_id` allows a new mail."""

    def __init__(self, subscriber_id, round_stamp):
        super().__init__("Der Bestätigungslink ist abgelaufen.")
        self.subscriber_id = subscriber_id
        self.round_stamp = round_stamp


def _round_stamp(subscriber):
    return int(subscriber.round_started_at.timestamp())


def make_confirm_token(subscriber):
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign_object(
        [subscriber.pk, _round_stamp(subscriber)], compress=True
    )


def read_confirm_token(token):
    """Returns (subscriber_id, round_stamp); raises TokenExpired or signing.BadSignature."""
    signer = signing.TimestampSigner(salt=_CONFIRM_SALT)
    try:
        subscriber_id, stamp = signer.unsign_object(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        subscriber_id, stamp = signer.unsign_object(token)
        raise TokenExpired(subscriber_id, stamp) from None
    return subscriber_id, stamp


def matches_round(subscriber, round_stamp):
    return _round_stamp(subscriber) == round_stamp


def make_unsubscribe_token(subscriber):
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object(subscriber.pk)


def read_unsubscribe_token(token):
    """Returns the subscriber id; raises signing.BadSignature."""
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign_object(token)


def confirm_url(subscriber):
    path = reverse("newsletter:confirm", kwargs={"token": make_confirm_token(subscriber)})
    return settings.SITE_URL + path


def unsubscribe_url(subscriber):
    """Absolute, personal, never-expiring link for every edition mail and its headers."""
    path = reverse("newsletter:unsubscribe", kwargs={"token": make_unsubscribe_token(subscriber)})
    return settings.SITE_URL + path


def preview_unsubscribe_url():
    path = reverse("newsletter:unsubscribe", kwargs={"token": PREVIEW_TOKEN})
    return settings.SITE_URL + path


def make_preferences_token(subscriber):
    return signing.Signer(salt=_PREFERENCES_SALT).sign_object(subscriber.pk)


def read_preferences_token(token):
    """Returns the subscriber id; raises signing.BadSignature."""
    return signing.Signer(salt=_PREFERENCES_SALT).unsign_object(token)


def preferences_url(subscriber):
    """Absolute, personal link to the subscriber's own page, for every mail to a subscriber."""
    path = reverse("newsletter:preferences", kwargs={"token": make_preferences_token(subscriber)})
    return settings.SITE_URL + path


def preview_preferences_url():
    return settings.SITE_URL + reverse("newsletter:preferences", kwargs={"token": PREVIEW_TOKEN})
