"""Small builders for the reader-side tests: articles, categories, pages parsed for checks."""

import json
import re
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from blog.models import Article, Category

BODY = (
    "<p>Abends wird es bei uns oft laut. Die Kinder sind müde, wir sind müde. "
    "Ein festes Ritual hilft allen.</p><p>Wir lesen eine Geschichte und singen ein Lied.</p>"
)


def category(name="Schlaf", slug=None, **fields):
    return Category.objects.get_or_create(name=name, slug=slug or _slug(name), defaults=fields)[0]


def article(title="Gute Nacht ohne Tränen", *, slug=None, tags=(), cover=False, **fields):
    fields.setdefault("body", BODY)
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    item = Article(title=title, slug=slug or _slug(title), **fields)
    if cover:
        item.cover_image = ContentFile(_png(), name="titelbild.png")
        item.cover_alt = "Ein Kind schläft mit einem Teddy im Arm."
    item.save()
    if tags:
        item.tags.add(*tags)
    return item


def _slug(title):
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    return re.sub(r"[^a-z0-9]+", "-", title.lower().translate(table)).strip("-")


def _png():
    out = BytesIO()
    Image.new("RGB", (120, 80), (90, 140, 160)).save(out, "PNG")
    return out.getvalue()


def html(response):
    return response.content.decode()


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", html(response)))


def title(response):
    return re.search(r"<title>(.*?)</title>", html(response), re.S).group(1).strip()


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html(response), re.S)
    return json.loads(match.group(1))
