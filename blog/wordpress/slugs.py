"""Addresses for imported posts and pages: the old one where it is free, else a numbered one."""

import re
from urllib.parse import unquote, urlsplit

from django.contrib.flatpages.models import FlatPage

from blog.models import Article
from blog.slugs import german_slugify

FLATPAGE_URL = re.compile(r"^[-\w/.~]+$")


class ArticleSlugs:
    """Hands out article slugs, checked against every slug in the table and in this run.

    Checked against a set, not the table: the newest articles still wait in a batch.
    """

    def __init__(self, summary):
        self.summary = summary
        self.taken = None  # every article slug, loaded on first use

    def free(self, item, title):
        if self.taken is None:
            self.taken = set(Article.objects.values_list("slug", flat=True))
        wanted = german_slugify(unquote(item.slug), max_length=200)
        if not wanted:
            self.summary.warn(item, "Ohne Kurznamen – er wird aus dem Titel gebildet.", "addresses")
        slug = wanted or german_slugify(title, max_length=200) or "beitrag"
        if slug in self.taken:
            base, number = slug, 2
            while slug in self.taken:
                suffix = f"-{number}"
                slug = base[: 200 - len(suffix)].rstrip("-_") + suffix
                number += 1
            if wanted:
                self.summary.warn(
                    item, f"Kurzname „{wanted}“ ist schon vergeben – neu: „{slug}“.", "addresses"
                )
        self.taken.add(slug)
        return slug


def free_page_url(item, summary):
    """The page's old path as its flatpage URL, numbered if taken, made from its slug if odd."""
    path = re.sub(r"/+", "/", unquote(urlsplit(item.link).path))
    url = path if path.endswith("/") else f"{path}/"
    if url == "/" or len(url) > 90 or not FLATPAGE_URL.match(url):
        url = f"/{german_slugify(unquote(item.slug) or item.title, max_length=80) or 'seite'}/"
    base, number = url.rstrip("/"), 2
    while FlatPage.objects.filter(url=url).exists():
        url = f"{base}-{number}/"
        number += 1
    if url.rstrip("/") != base:
        summary.warn(item, f"Die Adresse {base}/ ist schon belegt – neu: {url}", "addresses")
    return url
