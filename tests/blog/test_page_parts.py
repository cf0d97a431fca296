"""Kept page parts: a page-cache miss reads the category links, related list, tags and
JSON-LD from the cache, and never a stale one after a change or a scheduled publication."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.related import related_lists_rebuild
from newsletter.models import SignupBox
from tests.blog.reader_helpers import article, category, html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _parts_kept(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60 * 60
    SignupBox.objects.current()


def tables(queries):
    return " ".join(query["sql"] for query in queries)


def test_a_page_cache_miss_reads_the_kept_parts_with_fewer_queries(client):
    sleep = category("Schlaf")
    first = article("Einschlafen", category=sleep, tags=["Abend", "Ritual"])
    article("Durchschlafen", category=sleep, tags=["Abend"])
    related_lists_rebuild()
    fresh = client.get(first.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        again = client.get(first.get_absolute_url())

    assert again.content == fresh.content
    assert "Durchschlafen" in html(again)
    assert "taggit" not in tables(queries)
    assert 'FROM "blog_category"' not in tables(queries)
    assert "blog_relatedarticle" not in tables(queries)
    assert len(queries) == 1, tables(queries)  # the article: all the rest is kept


def test_changes_show_at_once_in_every_kept_part(client):
    sleep = category("Schlaf")
    first = article("Einschlafen", category=sleep, tags=["Abend"])
    client.get(first.get_absolute_url())

    sleep.name = "Schlafen"
    sleep.save()
    first.tags.add("Nacht")
    page = html(client.get(first.get_absolute_url()))

    assert ">Schlafen</a>" in page
    assert '"keywords": ["Abend", "Nacht"]' in page
    assert '/schlagwort/nacht/">Nacht</a>' in page


def test_a_scheduled_article_enters_the_kept_navigation_when_its_time_comes(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        article("Heute", category=category("Schlaf"))
        article(
            "Bald", category=category("Kita"), published_at=timezone.now() + timedelta(minutes=10)
        )
        assert "/kategorie/kita/" not in html(client.get("/"))

        traveller.shift(timedelta(minutes=11))

        assert "/kategorie/kita/" in html(client.get("/"))


def test_a_preview_keeps_no_json_ld(admin_client):
    draft = article("Entwurf", status="draft", tags=["Geheim"])

    page = html(admin_client.get(draft.get_absolute_url()))

    assert '"keywords": ["Geheim"]' in page
    assert cache.get(f"pagecache:part:json-ld:{draft.pk}") is None


def test_a_preview_is_made_anew_every_time(admin_client):
    draft = article("Entwurf", status="draft")
    admin_client.get(draft.get_absolute_url())

    # A write without signals starts no new generation: only a preview made anew shows it.
    type(draft).objects.filter(pk=draft.pk).update(body="<p>Zweite Fassung</p>")

    page = html(admin_client.get(draft.get_absolute_url()))
    assert '<div class="prose"><p>Zweite Fassung</p></div>' in page


def test_an_edited_text_shows_at_once_with_its_description_and_player(client):
    item = article("Laternenumzug", body="<p>Erst basteln wir die Laterne.</p>", excerpt="")
    client.get(item.get_absolute_url())

    item.body = "<p>Dann singen wir.</p><p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>"
    item.save()
    response = client.get(item.get_absolute_url())
    page = html(response)

    assert '<meta name="description" content="Dann singen wir.' in page
    assert "Erst basteln" not in page
    assert "youtube-nocookie.com" in response["Content-Security-Policy"]


def test_a_kept_card_shows_its_category_except_on_that_category_page(client):
    sleep = category("Schlaf")
    item = article("Einschlafen", category=sleep)
    kicker = f'<p class="kicker"><a href="{sleep.get_absolute_url()}">Schlaf</a></p>'
    assert kicker in html(client.get("/"))

    assert kicker not in html(client.get(sleep.get_absolute_url()))
    item.title = "Einschlafen leicht gemacht"
    item.save()
    assert "Einschlafen leicht gemacht" in html(client.get("/"))
    assert kicker in html(client.get("/"))


def test_search_results_are_not_kept_cards(client):
    article("Einschlafen", body="<p>Abends wird es ruhig im Haus.</p>")
    client.get("/")

    page = html(client.get("/suche/?q=ruhig"))

    assert "<mark>ruhig</mark>" in page


def test_a_search_reads_no_article_it_showed_before_and_each_gets_its_own_snippet(client):
    article("Einschlafen", body="<p>Abends wird es ruhig im Haus. Dann lesen wir vor.</p>")
    client.get("/suche/?q=ruhig")

    with CaptureQueriesContext(connection) as queries:
        page = html(client.get("/suche/?q=lesen"))

    assert '"blog_article"."title"' not in tables(queries)  # only the ranking's ids
    assert "<mark>lesen</mark>" in page
    assert "<mark>ruhig</mark>" not in page


def test_a_changed_article_shows_at_once_in_search_results(client):
    item = article("Einschlafen", body="<p>Abends wird es ruhig im Haus.</p>")
    client.get("/suche/?q=ruhig")

    item.title = "Einschlafen ohne Tränen"
    item.save()

    assert "Einschlafen ohne Tränen" in html(client.get("/suche/?q=Haus"))
