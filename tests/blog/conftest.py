import pytest

from tests.blog.oldsite import OldSite


@pytest.fixture
def old_site():
    """The old WordPress blog on loopback, for `--fetch-media` (downloads from loopback allowed)."""
    site = OldSite()
    yield site
    site.stop()


@pytest.fixture
def fetching_from_loopback(settings):
    settings.WORDPRESS_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def import_jobs_inline(settings, tmp_path):
    """The worker's import job runs inside the request; the import code is the same."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WORDPRESS_IMPORT_DIR = tmp_path / "private"


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_superuser(
        "autorin", "autorin@example.org", "ein-langes-passwort"
    )


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client
