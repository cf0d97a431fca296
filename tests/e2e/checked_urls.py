"""The pages outside tools judge (issue 8), found in the demo content."""

from blog.models import Article, Category

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
        "404": "/diese-seite-gibt-es-nicht/",
    }
