from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from blog.models import Article

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """RSS 2.0 of the newest published articles; every link absolute from SITE_URL."""

    feed_type = Rss201rev2Feed
    title = settings.SITE_NAME
    description = "Neue Artikel aus dem Elternblog: Alltag mit Kindern, Schlaf, Kita und Gefühle."
    language = "de"

    def link(self):
        return settings.SITE_URL + reverse("blog:home")

    def feed_url(self):
        return settings.SITE_URL + reverse("blog:feed")

    def items(self):
        return (
            Article.objects.published()
            .select_related("category")
            .prefetch_related("tags")[:FEED_LENGTH]
        )

    def item_title(self, item):
        # Feed readers show the title alone: paid content says so there.
        return f"Anzeige: {item.title}" if item.sponsored else item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def item_guid(self, item):
        # Stays the same when the slug is changed later, so readers do not show it twice.
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{item.created_at:%Y-%m-%d}:artikel/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        names = [item.category.name] if item.category else []
        names += ["Anzeige"] if item.sponsored else []
        return names + [tag.name for tag in item.tags.all()]
