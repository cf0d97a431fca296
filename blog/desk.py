"""The blog's panel on the author's desk (the admin index): drafts and scheduled articles."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from blog.link_models import LinkCheck
from blog.links import broken_links
from blog.models import Article

# The desk shows the newest few; the article list behind its link has them all.
ROWS = 10


def can_see(user):
    return user.has_perm("blog.view_article") or user.has_perm("blog.change_article")


def articles_panel(*, now=None, rows=ROWS):
    """Her drafts (last changed first) and the scheduled articles (next first): two queries."""
    now = now or timezone.now()
    articles = Article.objects.only("title", "status", "published_at", "updated_at")
    drafts = articles.filter(status=Article.Status.DRAFT).order_by("-updated_at", "-id")
    scheduled = articles.filter(status=Article.Status.PUBLISHED, published_at__gt=now).order_by(
        "published_at", "id"
    )
    return {"drafts": list(drafts[:rows]), "scheduled": list(scheduled[:rows]), "rows": rows}


def can_see_broken_links(user):
    return user.has_perm("blog.view_linkcheck")


def broken_links_panel(*, rows=ROWS):
    """The newest dead links she has not set aside, and how many there are (two queries)."""
    broken = broken_links()
    shown = broken.order_by("-checked_at", "url")
    query = {"ignored__exact": 0, "status__in": ",".join(LinkCheck.BROKEN_STATUSES)}
    return {
        "links": list(shown[:rows]),
        "count": broken.count(),
        "list_url": f"{reverse('admin:blog_linkcheck_changelist')}?{urlencode(query)}",
    }
