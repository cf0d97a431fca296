"""/sitemap.xml: articles with lastmod, categories, flatpages; absolute URLs from SITE_URL."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.utils import timezone

from blog.models import Article
from tests.blog.reader_helpers import article, category

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


def test_sitemap_lists_published_articles_with_their_last_change(client, settings):
    settings.SITE_URL = "https://elternblog.example"
    item = article("Im Netz")
    article("Entwurf", status=Article.Status.DRAFT)
    article("Geplant", published_at=timezone.now() + timedelta(days=3))

    urls = entries(client)

    articles = {loc: mod for loc, mod in urls.items() if "/artikel/" in loc}
    assert articles == {
        "https://elternblog.example/artikel/im-netz/": timezone.localdate(
            item.updated_at
        ).isoformat()
    }


def test_sitemap_lists_categories_with_published_articles_only(client, settings):
    settings.SITE_URL = "https://elternblog.example"
    article("Im Netz", category=category("Schlaf"))
    article("Entwurf", category=category("Essen"), status=Article.Status.DRAFT)
    category("Leer")

    urls = entries(client)

    assert "https://elternblog.example/kategorie/schlaf/" in urls
    assert urls["https://elternblog.example/kategorie/schlaf/"] is not None
    assert not any("/kategorie/essen/" in loc or "/kategorie/leer/" in loc for loc in urls)


def test_sitemap_lists_public_flatpages(client, settings):
    settings.SITE_URL = "https://elternblog.example"
    site = Site.objects.get_current()
    FlatPage.objects.create(url="/ueber-mich/", title="Über mich").sites.add(site)
    FlatPage.objects.create(url="/intern/", title="Intern", registration_required=True).sites.add(
        site
    )

    urls = entries(client)

    assert "https://elternblog.example/ueber-mich/" in urls
    assert "https://elternblog.example/intern/" not in urls


def test_sitemap_ignores_the_host_and_scheme_the_request_came_in_on(client, settings):
    settings.SITE_URL = "https://elternblog.example"
    article("Im Netz")

    urls = entries(client)

    assert all(loc.startswith("https://elternblog.example/") for loc in urls)


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in body
