"""When the database is gone: an honest German 503, and back to normal by itself."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def database_unreachable():
    """Point the connection at a database that is not there, as after a server crash.

    Real drivers fail for real: SQLite cannot open a file in a missing folder, psycopg is
    refused on a closed port. Nothing in Django is mocked.
    """
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    kept = connection.connection
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nicht/vorhanden/elternblog.sqlite3"
    else:
        settings_dict["PORT"] = "1"
    # Dropping the handle (kept open, so an in-memory test database survives) makes Django
    # connect anew on the next query, with the broken settings.
    connection.connection = None
    try:
        yield
    finally:
        settings_dict.clear()
        settings_dict.update(saved)
        connection.close()
        connection.connection = kept


def test_healthz_reports_503_while_the_database_is_down():
    client = Client()

    with database_unreachable():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert client.get("/healthz").content == b"ok"


@pytest.mark.parametrize("url", ["/", "/zitate/", "/newsletter/"])
def test_pages_show_a_german_503_page_while_the_database_is_down(url):
    with database_unreachable():
        response = Client().get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "Gleich wieder da" in page
    assert '<main id="main"' in page


def test_logged_in_author_gets_the_503_page_too(admin_user):
    # The error comes from middleware, so it reaches handler500 like on a real server.
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    # Her session is looked up in the database before any view runs.
    with database_unreachable():
        response = client.get("/admin/")

    assert response.status_code == 503
    assert "Gleich wieder da" in response.content.decode()


def test_site_recovers_by_itself_when_the_database_is_back():
    client = Client()
    assert client.get("/zitate/").status_code == 200

    with database_unreachable():
        assert client.get("/zitate/").status_code == 503

    assert client.get("/zitate/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_cached_pages_are_still_served_while_the_database_is_down(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    client = Client()
    client.get("/zitate/")
    client.get("/zitate/")

    with database_unreachable():
        response = client.get("/zitate/")

    assert response.status_code == 200
