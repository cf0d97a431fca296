"""Search at scale: ranking scores only the newest matches (search.CANDIDATES), only
published articles ever show however well a draft matches, and the snippet marks its hits."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from blog import search
from blog.models import Article
from tests.blog.reader_helpers import article, category, html
from tests.blog.test_search import found_titles

pytestmark = pytest.mark.django_db
# SQLite ranks in the FTS5 table and checks the ranked ids against the queryset after
# (both once more when drafts took some of the best places); PostgreSQL filters and ranks
# in one statement.
ON_SQLITE = connection.vendor == "sqlite"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def best_matching(title, **fields):
    """An article that outranks every other: the word in its title, excerpt and body."""
    return article(title, excerpt="Wutanfall, Wutanfall.", body="<p>Wutanfall!</p>", **fields)


def some_published(count, start=0):
    return [
        article(
            f"Nachmittag {n}", body="<p>Dann kam der Wutanfall.</p>", published_at=days_ago(n + 1)
        )
        for n in range(start, start + count)
    ]


def test_a_draft_matching_better_than_everything_never_shows(client):
    some_published(3)
    # The newest articles, so the candidates hold them whatever the bound.
    best_matching("Wutanfall als Entwurf", status=Article.Status.DRAFT)
    best_matching("Wutanfall geplant", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/suche/?q=Wutanfall")

    assert sorted(found_titles(response)) == ["Nachmittag 0", "Nachmittag 1", "Nachmittag 2"]
    assert "3 Artikel gefunden." in html(response)


def test_drafts_taking_the_best_places_leave_the_next_published_ones(
    django_assert_num_queries,
):
    best = best_matching("Wutanfall im Supermarkt", published_at=days_ago(9))
    some_published(2)
    best_matching("Wutanfall als Entwurf", status=Article.Status.DRAFT)
    best_matching("Wutanfall, noch ein Entwurf", status=Article.Status.DRAFT)

    with django_assert_num_queries(2 if ON_SQLITE else 1):
        ids = search.ranked_ids(Article.objects.published(), "Wutanfall", limit=2)

    assert ids[0] == best.pk
    assert len(ids) == 2
    assert Article.objects.published().filter(pk__in=ids).count() == 2


def test_ranking_costs_the_same_queries_however_many_articles_match(
    django_assert_num_queries,
):
    some_published(3)
    with django_assert_num_queries(1):
        few = search.ranked_ids(Article.objects.published(), "Wutanfall")
    some_published(30, start=3)
    with django_assert_num_queries(1):
        many = search.ranked_ids(Article.objects.published(), "Wutanfall")

    assert (len(few), len(many)) == (3, 33)


def test_a_query_matching_more_than_the_candidates_ranks_only_the_newest(client, monkeypatch):
    """The price of the bound: an older article that would rank first is not among the
    results when more than CANDIDATES newer articles match too."""
    best_matching("Wutanfall im Supermarkt", published_at=days_ago(30))
    some_published(3)

    assert found_titles(client.get("/suche/?q=Wutanfall"))[0] == "Wutanfall im Supermarkt"

    monkeypatch.setattr(search, "CANDIDATES", 3)
    response = client.get("/suche/?q=Wutanfall")

    assert sorted(found_titles(response)) == ["Nachmittag 0", "Nachmittag 1", "Nachmittag 2"]
    assert "3 Artikel gefunden." in html(response)


def test_a_query_matching_fewer_than_the_candidates_is_ranked_in_full(monkeypatch):
    best = best_matching("Wutanfall im Supermarkt", published_at=days_ago(30))
    some_published(2)
    article("Gemüse", body="<p>Grün.</p>")  # newer, but no match: not a candidate

    monkeypatch.setattr(search, "CANDIDATES", 3)

    assert search.ranked_ids(Article.objects.published(), "Wutanfall")[0] == best.pk


def marked(text, *stems):
    shown = search.snippet(search.Words(text), set(stems))
    return shown.replace(search.HIT_START, "[").replace(search.HIT_END, "]")


def test_a_snippet_marks_every_form_of_a_wanted_word_inside_punctuation():
    assert marked("Kinder, das Kind und die Eltern-Kind-Zeit!", "kind") == (
        "[Kinder], das [Kind] und die Eltern-[Kind]-Zeit!"
    )


def test_a_snippet_shows_where_most_hits_are():
    text = "Schlaf ist wichtig. " + "Füllwort " * 40 + "Schlaf hier, Schlaf dort, Schlaf."

    shown = marked(text, "schlaf")

    assert shown.startswith("… Füllwort")
    assert shown.count("[Schlaf]") == 3


def test_a_snippet_without_a_hit_in_the_body_is_empty():
    assert marked("Nur andere Wörter.", "schlaf") == ""


def test_a_search_within_a_filter_across_tables_holds_to_it():
    """The ranking writes the queryset's condition out by hand (blog.search_sql); a filter
    through another table goes in as a subquery."""
    sleep = category("Schlaf")
    in_sleep = article("Wutanfall am Abend", body="<p>Wutanfall.</p>", category=sleep)
    article("Wutanfall im Laden", body="<p>Wutanfall.</p>", category=category("Alltag"))

    found = Article.objects.published().filter(category__slug=sleep.slug).search("Wutanfall")

    assert [item.pk for item in found] == [in_sleep.pk]
