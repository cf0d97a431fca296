from django import template

from quotes import desk
from quotes.cache import cached_current_quote

register = template.Library()


@register.inclusion_tag("includes/quote_of_the_month.html")
def quote_of_the_month():
    return {"quote": cached_current_quote()}


@register.inclusion_tag("admin/desk/quote.html", takes_context=True)
def desk_quote_reminder(context):
    """The desk's reminder that next month still needs its quote, for those who may add one."""
    if not desk.can_see(context["request"].user):
        return {}
    return {"missing_month": desk.missing_month()}
