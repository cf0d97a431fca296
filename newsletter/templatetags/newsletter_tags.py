from django import template

from newsletter.forms import SignupForm
from newsletter.models import SignupBox

register = template.Library()


@register.inclusion_tag("newsletter/signup_box.html", takes_context=True)
def newsletter_signup(context, form=None):
    """The signup form with the current box text; safe on cached pages (no CSRF token)."""
    request = context.get("request")
    return {
        "box": SignupBox.objects.current(),
        "form": form or SignupForm(),
        "source": request.path if request else "",
    }
