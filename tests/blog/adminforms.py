"""POST data for the article admin form, as the browser sends it."""

from django.utils import timezone

ADD_URL = "/admin/blog/article/add/"


def article_form(*, published_at=None, **fields):
    when = timezone.localtime(published_at or timezone.now())
    data = {
        "title": "Ein Abend ohne Bildschirm",
        "slug": "",
        "body": "<p>Heute lesen wir vor.</p>",
        "status": "draft",
        "published_at_0": when.strftime("%d.%m.%Y"),
        "published_at_1": when.strftime("%H:%M:%S"),
        "category": "",
        "tags": "",
        "cover_alt": "",
        "excerpt": "",
        "meta_description": "",
        "picks-TOTAL_FORMS": "0",
        "picks-INITIAL_FORMS": "0",
        "picks-MIN_NUM_FORMS": "0",
        "picks-MAX_NUM_FORMS": "1000",
        "_save": "Sichern",
    }
    data.update(fields)
    return data


def as_opened(data, when):
    """The form as the browser sends it: with the field's hidden initial value (the moment
    the form opened for a new article, the stored date for an existing one)."""
    when = timezone.localtime(when)
    return {
        **data,
        "initial-published_at_0": when.strftime("%d.%m.%Y"),
        "initial-published_at_1": when.strftime("%H:%M:%S"),
    }


def change_url(article):
    return f"/admin/blog/article/{article.pk}/change/"
