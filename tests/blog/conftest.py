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
