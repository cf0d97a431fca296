"""The pages outside tools judge (issue 8), found in the demo content."""

from django.urls import reverse

from blog.models import Article, Category
from newsletter import tokens
from newsletter.models import Subscriber

SEARCH_TERM = "Schlaf"


def checked_urls():
    """Name → URL of every page axe-core and the Nu HTML Checker look at.

    Call after `seed_demo`. A missing piece of demo content fails loudly: a check that
    silently looked at fewer pages would prove nothing.
    """
    article = Article.objects.published().order_by("-published_at").first()
    category = Category.objects.filter(articles__in=Article.objects.published()).distinct().first()
    assert article is not None, "seed_demo legt keine veröffentlichten Artikel an."
    assert category is not None, "seed_demo legt keine Kategorie mit Artikeln an."
    # The demo has no subscribers: one stands in to show a subscriber's own page.
    subscriber, _ = Subscriber.objects.get_or_create(
        email="pruefung@example.org",
        defaults={
            "status": Subscriber.Status.CONFIRMED,
            "consent_text": "Ja.",
            "consent_version": 1,
        },
    )
    preferences = reverse(
        "newsletter:preferences", kwargs={"token": tokens.make_preferences_token(subscriber)}
    )
    # The demo's video article and long guide: a two-click embed and a table of contents.
    video, guide = (
        Article.objects.published().get(slug=slug).get_absolute_url()
        for slug in ("filmabend-mit-kleinen-kindern", "kita-start-ratgeber")
    )
    return {
        "Startseite": "/",
        "Artikel": article.get_absolute_url(),
        "Artikel mit Video": video,
        "Ratgeber mit Inhaltsverzeichnis": guide,
        "Kategorie": category.get_absolute_url(),
        "Suche": f"/suche/?q={SEARCH_TERM}",
        "Zitate": "/zitate/",
        "Newsletter": "/newsletter/",
        "Newsletter-Einstellungen": preferences,
        "404": "/diese-seite-gibt-es-nicht/",
    }
