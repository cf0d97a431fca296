"""Page weight: an article's HTML, CSS and JavaScript stay small (issue 8: ≤ 30 KB gzipped)."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db.models.functions import Length

from blog.models import Article

pytestmark = pytest.mark.django_db

LIMIT_BYTES = 30 * 1024


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=6))


def linked_assets(html):
    """Stylesheets and scripts the page loads itself (images are not counted)."""
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    return stylesheets + scripts


def test_longest_demo_article_with_its_css_and_js_weighs_at_most_30_kb_gzipped(client):
    call_command("seed_demo", verbosity=0)
    article = Article.objects.published().order_by(Length("body").desc()).first()
    assert article is not None, "seed_demo legt keine veröffentlichten Artikel an."

    html = client.get(article.get_absolute_url()).content
    sizes = {"HTML": gzipped_size(html)}
    for url in linked_assets(html.decode()):
        assert url.startswith("/static/"), f"{url} kommt nicht von dieser Website"
        path = finders.find(url.removeprefix("/static/"))
        with open(path, "rb") as asset:
            sizes[url] = gzipped_size(asset.read())

    print(f"Artikelseite (gzip): {sizes}, zusammen {sum(sizes.values())} Bytes")
    assert sum(sizes.values()) <= LIMIT_BYTES, sizes


def test_web_fonts_weigh_at_most_120_kb_together_and_come_from_our_origin():
    fonts = Path(settings.BASE_DIR, "static", "fonts")
    files = sorted(fonts.glob("*.woff2"))
    css = Path(finders.find("css/site.css")).read_text()

    assert files, "Keine Schriften in static/fonts."
    assert sum(font.stat().st_size for font in files) <= 120 * 1024
    # Every font the stylesheet names is one of ours, and each shows text at once (swap).
    named = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert sorted(named) == [font.name for font in files]
    assert css.count("font-display: swap") == len(files)
