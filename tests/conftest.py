import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from tests.newsletter.mailserver import SMTPServer, send_mail_to


@pytest.fixture(scope="session", autouse=True)
def _plain_static_files(tmp_path_factory):
    """Tests run without `collectstatic`, so static URLs come without the manifest's hashes.

    STATIC_ROOT points at an empty folder: WhiteNoise scans it for every new test client,
    and a local `collectstatic` output would cost seconds per test.
    """
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STORAGES=storages, STATIC_ROOT=static_root):
        yield


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches, so no test sees another one's pages."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads of one test never land in the project's media folder or in another test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's mail goes to it. Yields the server."""
    server = SMTPServer()
    server.start()
    send_mail_to(settings, server.port, host=server.host)
    yield server
    server.stop()


@pytest.fixture
def run_worker():
    """Runs the real task worker until no task is due (needs a transactional database)."""

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")

    return run


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected once, for tests that run gunicorn as production does."""
    from tests.processes import collect_static

    return collect_static(tmp_path_factory.mktemp("production-static"))
