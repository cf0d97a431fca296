"""Static files: hashed names cached for a year, the rest briefly (WhiteNoise, production)."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(settings, tmp_path):
    """`collectstatic` as in production, limited to our own folder to stay quick."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = MANIFEST_STORAGES
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    return WhiteNoiseMiddleware(get_response=lambda request: None)


def serve(whitenoise, url, **headers):
    return whitenoise(RequestFactory().get(url, headers=headers))


def test_hashed_static_file_is_cached_for_a_year(collected):
    url = static("css/site.css")
    response = serve(collected, url)

    assert url != "/static/css/site.css"
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


def test_static_file_without_hash_is_cached_only_for_an_hour(collected):
    response = serve(collected, "/static/css/site.css")

    assert response["Cache-Control"] == "max-age=3600, public"


def test_static_files_come_compressed_when_the_browser_accepts_it(collected):
    response = serve(collected, static("css/site.css"), **{"Accept-Encoding": "gzip, br"})

    assert response["Content-Encoding"] in ("gzip", "br")
