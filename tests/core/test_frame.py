import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_a_load_balancers_head_probe_like_get_without_a_body(client):
    response = client.head("/healthz")

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == "text/plain"


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("Verbindung verloren")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")

    assert response.status_code == 503


def test_unknown_page_is_a_german_404_in_the_sites_look(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Seite nicht gefunden" in html
    assert 'id="main"' in html


@override_settings(DEBUG=False)
def test_server_error_page_is_german(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Da ist etwas schiefgegangen" in response.content.decode()


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [("bad_request", 400, "Ungültige Anfrage"), ("permission_denied", 403, "Zugriff verweigert")],
)
def test_client_error_pages_are_german(rf, handler, status, text):
    from core import views

    response = getattr(views, handler)(rf.get("/"))

    assert response.status_code == status
    assert text in response.content.decode()


def test_seed_demo_twice_duplicates_nothing():
    from django.contrib.flatpages.models import FlatPage

    call_command("seed_demo", verbosity=0)
    counts = {model: model.objects.count() for model in _seeded_models()}
    call_command("seed_demo", verbosity=0)

    assert (
        FlatPage.objects.filter(url__in=["/impressum/", "/datenschutz/", "/ueber-mich/"]).count()
        == 3
    )
    assert {model: model.objects.count() for model in _seeded_models()} == counts


def _seeded_models():
    from django.apps import apps

    return [
        model
        for app in ("blog", "quotes", "newsletter", "flatpages", "taggit")
        for model in apps.get_app_config(app).get_models()
    ]


@pytest.mark.parametrize("url", ["/impressum/", "/datenschutz/", "/ueber-mich/"])
def test_static_pages_are_flatpages_marked_as_placeholders(client, url):
    call_command("seed_demo", verbosity=0)

    response = client.get(url)

    assert response.status_code == 200
    assert "Platzhalter" in response.content.decode()


def test_privacy_page_says_how_long_login_records_are_kept(client):
    call_command("seed_demo", verbosity=0)

    page = client.get("/datenschutz/").content.decode()

    assert "Anmeldung im Redaktionsbereich" in page
    assert "Diese Einträge löschen wir nach 30 Tagen." in page


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
