from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.flatpages.sitemaps import FlatPageSitemap
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from blog.models import Article, Category


class SiteUrlMixin:
    """Absolute URLs from SITE_URL, whatever host or scheme the request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteUrlMixin, Sitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(SiteUrlMixin, Sitemap):
    def items(self):
        return (
            Category.objects.filter(articles__in=Article.objects.published())
            .annotate(last_change=Max("articles__updated_at"))
            .order_by("name")
        )

    def lastmod(self, item):
        return item.last_change


class PageSitemap(SiteUrlMixin, FlatPageSitemap):
    pass


SITEMAPS = {"artikel": ArticleSitemap, "kategorien": CategorySitemap, "seiten": PageSitemap}
