from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from stats import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def stats_script(context):
    """The beacon's script for readers' pages; nothing for staff, error pages or STATS=off.

    A script of our own that runs when a browser shows the page, so pages from the cache
    (or a CDN) count too, and bots and prefetches that run no script do not.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        not settings.STATS
        or request is None
        or context.get("status")
        or (user and user.is_authenticated)
    ):
        return ""
    return format_html(
        '<script src="{}" data-endpoint="{}" defer></script>',
        static("js/stats.js"),
        reverse("stats:count"),
    )


@register.inclusion_tag("admin/desk/most_read.html", takes_context=True)
def desk_most_read(context):
    """The desk's most-read articles of the last days, with statistics on and permitted."""
    if not desk.can_see(context["request"].user):
        return {}
    return {"panel": desk.most_read()}
