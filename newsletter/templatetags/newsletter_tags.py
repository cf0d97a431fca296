from django import template

from newsletter import desk
from newsletter.forms import SignupForm
from newsletter.models import SignupBox

register = template.Library()


@register.inclusion_tag("newsletter/signup_box.html", takes_context=True)
def newsletter_signup(context, form=None):
    """The signup form with the current box text; safe on cached pages (no CSRF token)."""
    request = context.get("request")
    form = form or SignupForm()
    # After an error the page is /newsletter/, but the consent was given where the form was.
    source = form["source"].value() if form.is_bound else None
    return {
        "box": SignupBox.objects.current(),
        "form": form,
        "source": source or (request.path if request else ""),
    }


@register.inclusion_tag("admin/desk/newsletter.html", takes_context=True)
def desk_newsletter(context):
    """The desk's newsletter glance: each half only for those who may see its data."""
    user = context["request"].user
    panel = {}
    if desk.can_see_subscribers(user):
        panel["subscribers"] = desk.subscribers_glance()
    if desk.can_see_editions(user):
        panel["editions"] = desk.editions_glance()
    return {"panel": panel}
