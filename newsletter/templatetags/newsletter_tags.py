from django import template
from django.template.loader import render_to_string

from core.cache import for_generation
from newsletter import desk
from newsletter.forms import SignupForm, form_from_page
from newsletter.models import SignupBox

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup(context, form=None):
    """The signup form with the current box text; safe on cached pages (no CSRF token).

    The empty form is kept per page like a cached page (core.cache.for_generation); a
    failed signup carried back to this page shows the visitor's own answers, made anew."""
    request = context.get("request")
    source = request.path if request else ""
    form = form or (request and form_from_page(request))
    if form:
        # After an error the page is /newsletter/, but the consent was given where the form was.
        return _signup_box(form, form["source"].value() or source)
    return for_generation(f"signup-box:{source}", lambda: _signup_box(SignupForm(), source))


def _signup_box(form, source):
    context = {
        "box": SignupBox.objects.current(),
        "form": form,
        "topics": form.fields["topics"].queryset,
        "chosen_topics": form["topics"].value() or [],
        "source": source,
    }
    return render_to_string("newsletter/signup_box.html", context)


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
