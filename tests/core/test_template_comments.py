"""No developer comment from a template reaches a page (issue 12, item 3).

Django's `{# … #}` ends at the line's end: one spread over lines is printed as text.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from taggit.models import Tag

from blog.models import Article
from newsletter.models import Edition

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_no_template_opens_a_comment_it_does_not_close_on_the_same_line():
    unclosed = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.glob("*/templates/**/*.html")) + sorted(ROOT.glob("templates/**/*"))
        if path.is_file() and ".venv" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]

    assert unclosed == []


def public_urls(client):
    """Every page the sitemap names, and the pages it leaves out on purpose."""
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {loc.text.removeprefix(settings.SITE_URL) for loc in sitemap.iter(f"{SITEMAP_NS}loc")}
    article = Article.objects.published().first()
    tag = Tag.objects.filter(taggit_taggeditem_items__isnull=False).first()
    return sorted(
        urls
        | {
            "/",
            "/?page=2",
            f"/schlagwort/{tag.slug}/",
            f"/archiv/{article.published_at:%Y/%m}/",
            "/suche/",
            "/suche/?q=Schlaf",
            "/suche/?q=Geschwisterstreitigkeiten",
            "/zitate/",
            "/newsletter/",
            "/newsletter/bitte-bestaetigen/",
            "/newsletter/bestaetigt/",
            "/newsletter/abgemeldet/",
            "/newsletter/bestaetigen/kaputt/",
            "/newsletter/abmelden/kaputt/",
            "/diese-seite-gibt-es-nicht/",
        }
    )


def test_no_public_page_shows_template_syntax(client):
    call_command("seed_demo", verbosity=0)
    assert Edition.objects.sent().exists(), "seed_demo legt keine versendete Ausgabe an."

    urls = public_urls(client)
    leaks = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        found = TEMPLATE_SYNTAX.findall(response.content.decode())
        if found:
            leaks[url] = found

    assert len(urls) > 30
    assert leaks == {}
