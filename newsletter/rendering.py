"""What the newsletter's mails say: the confirmation mail, an edition with its appendix, and
the welcome mail.

Rendering only: nothing here writes to the database or talks to a mail server.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog.models import Article
from core.richtext import clean_html
from newsletter import mailtext, tokens
from newsletter.models import Edition
from quotes.models import Quote

ARTICLES_MAX = 10
FIRST_EDITION_LOOKBACK = timedelta(days=30)

# Many mail clients drop <style>: its rules move into style attributes (emails/base.html).
_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def greeting(first_name):
    return f"Guten Tag, {first_name}," if first_name else "Guten Tag,"


def confirmation_message(subscriber):
    """The double opt-in mail with the subscriber's personal confirm link."""
    context = {
        "greeting": greeting(subscriber.round_first_name),
        "confirm_url": tokens.confirm_url(subscriber),
        "valid_days": tokens.CONFIRM_MAX_AGE.days,
        "site_name": settings.SITE_NAME,
    }
    return mail_message(
        subject="Bitte bestätigen Sie Ihre Anmeldung zur Elternpost",
        text=render_to_string("emails/confirm_subscription.txt", context),
        html=_INLINER.inline(render_to_string("emails/confirm_subscription.html", context)),
        email=subscriber.email,
        # Someone who never signed up can say "no more" right from the mail client.
        unsubscribe_url=tokens.unsubscribe_url(subscriber),
    )


def mail_message(*, subject, text, html, email, unsubscribe_url=None):
    """One mail with a text and an HTML part and the headers that get it delivered.

    Every mail to a (would-be) subscriber passes an `unsubscribe_url`: RFC 8058 one-click
    unsubscribing, which large mailbox providers require of bulk senders. The Message-ID
    names our own domain, as DKIM-signed mail from it should.
    """
    host = _site_host()
    headers = {"Message-ID": make_msgid(domain=host), "List-Id": f"Elternpost <elternpost.{host}>"}
    if unsubscribe_url:
        # The mail client POSTs "List-Unsubscribe=One-Click" to this URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=text, to=[email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


# --- What an edition says ----------------------------------------------------------------


def articles_since_last_edition(edition, *, until):
    """Articles published after the previous edition went out (the first looks back 30 days)."""
    previous = (
        Edition.objects.exclude(pk=edition.pk)
        .filter(started_at__lt=until)
        .order_by("-started_at")
        .first()
    )
    since = previous.started_at if previous else until - FIRST_EDITION_LOOKBACK
    return list(
        Article.objects.published()
        .filter(published_at__gt=since, published_at__lte=until)
        .order_by("-published_at")[:ARTICLES_MAX]
    )


def appendix(edition):
    """(articles, quote) as sent; before sending, as they would be if it went out now."""
    if edition.not_started:
        articles = (
            articles_since_last_edition(edition, until=timezone.now())
            if edition.include_articles
            else []
        )
        return articles, (Quote.objects.current() if edition.include_quote else None)
    # Only what is still public: an article withdrawn later drops out of the archive too.
    articles = list(Article.objects.published().filter(edition=edition).order_by("-published_at"))
    return articles, edition.quote


@dataclass(frozen=True)
class EditionContent:
    """The mail as rendered once per batch, with stand-ins for its personal parts.

    Only the greeting and the unsubscribe and preferences links differ between
    subscribers, so templates and CSS inlining run once per batch instead of once per mail.
    """

    subject: str
    text: str
    html: str
    stand_in: str

    def personal(self, *, first_name, unsubscribe_url, preferences_url):
        """(text, html) for one subscriber."""
        salutation = greeting(first_name)
        parts = []
        for part, quote in ((self.text, str), (self.html, escape)):
            part = part.replace(f"abmelden{self.stand_in}", quote(unsubscribe_url))
            part = part.replace(f"einstellungen{self.stand_in}", quote(preferences_url))
            parts.append(part.replace(f"anrede{self.stand_in}", quote(salutation)))
        return tuple(parts)


def edition_content(edition, *, subject_prefix=""):
    articles, quote = appendix(edition)
    return _content(
        subject_prefix + edition.subject,
        edition.body,
        articles=articles,
        quote=quote,
        web_url=settings.SITE_URL + edition.get_absolute_url(),
    )


def welcome_content(welcome, *, subject_prefix=""):
    """The welcome mail, built like an edition; it has no web version to link to."""
    # Only what is still public: a tip withdrawn later drops out of the mail.
    articles = welcome.articles.published().order_by("-published_at")
    return _content(
        subject_prefix + welcome.subject,
        welcome.body,
        articles=articles,
        articles_heading="Zum Einlesen",
    )


def _content(subject, body, *, articles, quote=None, web_url=None, articles_heading=None):
    base = settings.SITE_URL
    stand_in = secrets.token_hex(8)
    # Stored bodies are clean (RichTextField); cleaning again guards rows written around
    # the ORM, since the parsers below re-emit tags as they find them.
    body = clean_html(body)
    context = {
        "subject": subject,
        "body_html": mark_safe(mailtext.mail_html(body, base=base, web_url=web_url)),
        "body_text": mailtext.plain_text(body, base=base),
        "articles": [
            {
                "title": a.title,
                "url": mailtext.with_campaign(base + a.get_absolute_url(), base),
                "summary": a.summary,
                "sponsored": a.sponsored,
            }
            for a in articles
        ],
        "articles_heading": articles_heading or "Neu im Blog",
        "quote": quote,
        "web_url": web_url,
        "greeting": f"anrede{stand_in}",
        "unsubscribe_url": f"abmelden{stand_in}",
        "preferences_url": f"einstellungen{stand_in}",
        "site_name": settings.SITE_NAME,
        "site_url": base,
    }
    return EditionContent(
        subject=subject,
        text=render_to_string("emails/edition.txt", context),
        html=_INLINER.inline(render_to_string("emails/edition.html", context)),
        stand_in=stand_in,
    )


def edition_message(
    content, *, email, first_name="", unsubscribe_url, preferences_url, one_click=True
):
    text, html = content.personal(
        first_name=first_name, unsubscribe_url=unsubscribe_url, preferences_url=preferences_url
    )
    return mail_message(
        subject=content.subject,
        text=text,
        html=html,
        email=email,
        unsubscribe_url=unsubscribe_url if one_click else None,
    )


def _site_host():
    return settings.SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
