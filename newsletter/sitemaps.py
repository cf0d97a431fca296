from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from blog.sitemaps import SiteUrlMixin
from newsletter.models import Edition


class NewsletterPageSitemap(SiteUrlMixin, Sitemap):
    """The signup page and the archive: the way in for readers who search for the newsletter."""

    def items(self):
        return ["newsletter:signup", "newsletter:edition-archive"]

    def location(self, item):
        return reverse(item)


class EditionSitemap(SiteUrlMixin, Sitemap):
    def items(self):
        return Edition.objects.sent().only("pk", "updated_at").order_by("-started_at", "-id")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"elternpost": NewsletterPageSitemap, "ausgaben": EditionSitemap}
