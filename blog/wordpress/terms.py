"""WordPress categories and tags as the blog's categories and tags.

An article has one category; a post's further categories become tags, so nothing the
author sorted by is lost. WordPress's fallback category says nothing and is dropped.
Imported categories stay out of the site's navigation until the author shows them.
"""

from urllib.parse import unquote

from taggit.models import Tag

from blog.models import Category
from blog.slugs import german_slugify
from blog.wordpress.shortcodes import plain_text

NO_CATEGORY = {"uncategorized", "allgemein"}


class Terms:
    def __init__(self, *, site, summary):
        self.site = site
        self.summary = summary
        self.categories = {}  # WordPress slug → Category
        self.tags = None  # name (lower case) → Tag, loaded on first use

    def category(self, item):
        """The category of the post: its first WordPress category that says something."""
        first = _first_term(item)
        if first is None:
            return None
        wp_slug, label = first
        if wp_slug not in self.categories:
            self.categories[wp_slug] = self._category(wp_slug, label)
        return self.categories[wp_slug]

    def _category(self, wp_slug, label):
        known = self.site.categories.get(wp_slug)
        name = plain_text(known.name if known else label or wp_slug)[:100] or wp_slug
        slug = german_slugify(unquote(wp_slug) or name, max_length=100) or "kategorie"
        category = (
            Category.objects.filter(slug=slug).first() or Category.objects.filter(name=name).first()
        )
        if category is None:
            category = Category.objects.create(name=name, slug=slug, show_in_nav=False)
            self.summary.extras["categories"] += 1
        return category

    def tags_of(self, item):
        """The post's tags and further categories as Tag rows, each name once."""
        first = _first_term(item)
        names = item.tags + [
            name
            for slug, name in item.categories
            if slug not in NO_CATEGORY and (slug, name) != first
        ]
        tags = {}
        for name in names:
            name = plain_text(name)[:100]
            if name and name.lower() not in tags:
                tags[name.lower()] = self._tag(name)
        return list(tags.values())

    def _tag(self, name):
        if self.tags is None:
            self.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        key = name.lower()
        if key not in self.tags:
            self.tags[key] = Tag.objects.create(name=name)
        return self.tags[key]


def _first_term(item):
    return next((term for term in item.categories if term[0] not in NO_CATEGORY), None)
