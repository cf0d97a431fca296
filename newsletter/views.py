from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from core.network import request_client_key
from newsletter import services, tokens
from newsletter.forms import PreferencesForm, SignupForm, carry_to_page
from newsletter.models import SignupBox, Subscriber
from stats.services import signup_count

# --- Subscribing (nl-subscribe) ----------------------------------------------------------


def _signup_page(request, form, status=200, error=None):
    box = SignupBox.objects.current()
    context = {"box": box, "form": form, "source": request.path, "error": error}
    return render(request, "newsletter/signup.html", context, status=status)


def _ip_over_limit(request):
    """Counts signups per client (an IPv4 address, an IPv6 /64) for an hour in the shared cache.

    REMOTE_ADDR is the visitor's address: behind PROXY_COUNT trusted proxies core's
    ForwardedForMiddleware puts it there; a client-sent X-Forwarded-For is never trusted.
    """
    key = f"newsletter:signups-ip:{request_client_key(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR


def _page_of_the_form(request, form):
    """The page (an article, the home page) whose form was sent, if it is not this one.

    An error sends the reader back there, to the form with her input and the errors.
    """
    source = form.cleaned_data.get("source", "")
    if source in ("", reverse("newsletter:signup")):
        return None
    safe = url_has_allowed_host_and_scheme(
        source, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return source if safe else None


# The form sits on cached pages (home, articles), where a CSRF token would be stale for
# the next visitor, so this POST needs none. What CSRF would guard against - signing up
# someone else's address - is what double opt-in already defeats: nothing happens without
# the click in the mail. Bots meet the honeypot and the per-IP and per-address limits.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.method != "POST":
        return _signup_page(request, SignupForm())
    form = SignupForm(request.POST)
    if form.is_bot():
        # Same answer as for people, so the bot learns nothing to adapt to.
        return redirect("newsletter:check-inbox")
    if not form.is_valid():
        back = _page_of_the_form(request, form)
        if back is None:
            return _signup_page(request, form)
        carry_to_page(request, form)
        return redirect(f"{back}#newsletter-signup")
    if _ip_over_limit(request):
        error = (
            "Von Ihrem Internetanschluss kamen in der letzten Stunde sehr viele Anmeldungen. "
            "Bitte versuchen Sie es in einer Stunde noch einmal."
        )
        return _signup_page(request, form, status=429, error=error)
    consent_page = form.cleaned_data["source"] or request.path
    services.subscriber_subscribe(
        email=form.cleaned_data["email"],
        first_name=form.cleaned_data["first_name"],
        consent_version=form.cleaned_data["consent_version"],
        consent_page=consent_page,
        topics=form.cleaned_data["topics"],
    )
    signup_count(page=consent_page)
    # One answer for new, pending, confirmed and unsubscribed addresses alike.
    return redirect("newsletter:check-inbox")


class CheckInboxView(TemplateView):
    template_name = "newsletter/check_inbox.html"


class ConfirmedView(TemplateView):
    template_name = "newsletter/confirmed.html"


class UnsubscribedView(TemplateView):
    template_name = "newsletter/unsubscribed.html"


def _invalid_link(request):
    return render(request, "newsletter/invalid_link.html", status=404)


# Only the POST confirms: mail scanners open every link in a mail with GET.
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber_id, round_stamp = tokens.read_confirm_token(token)
    except tokens.TokenExpired as expired:
        if request.method == "POST":
            services.subscriber_request_confirmation(
                subscriber_id=expired.subscriber_id, round_stamp=expired.round_stamp
            )
            return redirect("newsletter:check-inbox")
        return render(request, "newsletter/confirm_expired.html")
    except signing.BadSignature:
        return _invalid_link(request)
    if request.method == "POST":
        if services.subscriber_confirm(subscriber_id=subscriber_id, round_stamp=round_stamp):
            return redirect("newsletter:confirmed")
        return _invalid_link(request)
    return render(request, "newsletter/confirm.html")


# RFC 8058 one-click: the mail provider POSTs "List-Unsubscribe=One-Click" without cookies
# or CSRF token, so only that exact POST is exempt; the page's own button keeps CSRF.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if token == tokens.PREVIEW_TOKEN:
        return render(request, "newsletter/preview_link.html")
    try:
        subscriber_id = tokens.read_unsubscribe_token(token)
    except signing.BadSignature:
        return _invalid_link(request)
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        services.subscriber_unsubscribe(subscriber_id=subscriber_id)
        return HttpResponse("Sie sind von der Elternpost abgemeldet.", content_type="text/plain")
    return _unsubscribe_page(request, subscriber_id)


@csrf_protect
def _unsubscribe_page(request, subscriber_id):
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber_id=subscriber_id)
        return redirect("newsletter:unsubscribed")
    return render(request, "newsletter/unsubscribe.html")


# --- The subscriber's own page ------------------------------------------------------------


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    """Topics and first name of the subscriber whose mail carried the link; no login.

    The signed token names one subscriber, and the page shows and changes only theirs.
    """
    if token == tokens.PREVIEW_TOKEN:
        return render(request, "newsletter/preview_link.html")
    try:
        subscriber_id = tokens.read_preferences_token(token)
    except signing.BadSignature:
        return _invalid_link(request)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return _invalid_link(request)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return render(request, "newsletter/preferences_inactive.html")
    initial = {"first_name": subscriber.first_name, "topics": subscriber.topics.all()}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.subscriber_update_preferences(subscriber_id=subscriber.pk, **form.cleaned_data)
        messages.success(request, "Gespeichert. Ihre Einstellungen gelten ab der nächsten Ausgabe.")
        return redirect(request.path)
    context = {
        "form": form,
        "subscriber": subscriber,
        "unsubscribe_token": tokens.make_unsubscribe_token(subscriber),
    }
    return render(request, "newsletter/preferences.html", context)
