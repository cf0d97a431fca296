from django import template

from quotes.cache import cached_current_quote

register = template.Library()


@register.inclusion_tag("includes/quote_of_the_month.html")
def quote_of_the_month():
    return {"quote": cached_current_quote()}
