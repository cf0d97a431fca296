"""Fixtures of the newsletter tests; the mail server and the worker are in tests/conftest.py."""

import pytest

from tests.newsletter.editions import SITE_URL
from tests.newsletter.mailserver import ScriptedSMTP, link_in, send_mail_to


@pytest.fixture
def signup(client):
    """Posts the signup form the way a browser does; returns the response."""

    def post(email, *, first_name="", consent=True, client=client, **extra):
        data = {"email": email, "first_name": first_name, "homepage": "", **extra}
        if consent:
            data["consent"] = "on"
        return client.post("/newsletter/", data)

    return post


@pytest.fixture
def mail_link():
    return link_in


@pytest.fixture
def scripted_smtp(settings):
    """A mail server that refuses, stops or goes silent as a test tells it to."""
    server = ScriptedSMTP()
    server._controller.start()
    send_mail_to(settings, server.port)
    yield server
    server._controller.stop()


@pytest.fixture
def edition_settings(settings):
    """https links as in production, and a throttle that never makes a test wait.

    The edition tests ask for it with `pytestmark = pytest.mark.usefixtures(...)`.
    """
    settings.SITE_URL = SITE_URL
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60_000
