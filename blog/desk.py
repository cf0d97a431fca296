"""The blog's panel on the author's desk (the admin index): drafts and scheduled articles."""

from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

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


def link_checks():
    """The link check's results (blog.LinkCheck), None while the link check is not installed.

    Looked up by name: the link check (issue 18, part 4) is built beside the desk; once both
    are merged, this may import the model (and `blog.links.broken_links`) directly.
    """
    try:
        return apps.get_model("blog", "LinkCheck")
    except LookupError:
        return None


def can_see_broken_links(user):
    return link_checks() is not None and user.has_perm("blog.view_linkcheck")


def broken_links_panel(*, rows=ROWS):
    """The newest dead links she has not set aside, and how many there are (two queries)."""
    model = link_checks()
    broken = model.objects.broken()
    shown = broken.select_related("article", "flatpage").order_by("-checked_at", "url")
    query = {"ignored__exact": 0, "status__in": ",".join(model.BROKEN_STATUSES)}
    return {
        "links": list(shown[:rows]),
        "count": broken.count(),
        "list_url": f"{reverse('admin:blog_linkcheck_changelist')}?{urlencode(query)}",
    }
