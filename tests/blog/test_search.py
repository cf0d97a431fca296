"""Search: German full text with highlights, the same page on PostgreSQL and SQLite (FTS5)."""

import re

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from blog import search_postgres
from blog.models import Article
from core.richtext import html_to_text
from tests.blog.reader_helpers import article, category, h1_count, html, title

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="liest den Suchvektor von PostgreSQL"
)


def found_titles(response):
    """The titles among the results, not the newest articles an empty result suggests."""
    results = html(response).split('<div class="way-on">', 1)[0]
    return re.findall(r'<h2 class="card-title"><a href="/artikel/[^"]+/">([^<]+)</a></h2>', results)


def test_search_finds_words_in_title_excerpt_and_body(client):
    article("Einschlafen im Familienbett")
    article("Brotdosen", excerpt="Was in die Brotdose für die Kita passt.")
    article("Der Morgen", body="<p>Gummistiefel stehen immer an der Tür.</p>")
    article("Etwas ganz anderes", body="<p>Nichts davon.</p>")

    assert found_titles(client.get("/suche/?q=Familienbett")) == ["Einschlafen im Familienbett"]
    assert found_titles(client.get("/suche/?q=Brotdose")) == ["Brotdosen"]
    assert found_titles(client.get("/suche/?q=Gummistiefel")) == ["Der Morgen"]


def test_search_never_shows_drafts_or_scheduled_articles(client):
    from datetime import timedelta

    from django.utils import timezone

    article("Wutanfall im Supermarkt")
    article("Wutanfall als Entwurf", status=Article.Status.DRAFT)
    article("Wutanfall geplant", published_at=timezone.now() + timedelta(days=1))

    assert found_titles(client.get("/suche/?q=Wutanfall")) == ["Wutanfall im Supermarkt"]


def test_all_words_must_match(client):
    article("Trotz beim Anziehen")
    article("Trotz beim Essen")

    assert found_titles(client.get("/suche/?q=Trotz Essen")) == ["Trotz beim Essen"]


def test_minus_excludes_a_word(client):
    article("Trotz beim Anziehen")
    article("Trotz beim Essen")

    assert found_titles(client.get("/suche/?q=Trotz -Essen")) == ["Trotz beim Anziehen"]


def test_empty_search_shows_the_form_with_a_hint(client):
    article()

    response = client.get("/suche/")

    assert response.status_code == 200
    assert h1_count(response) == 1
    assert '<label for="search-q">Suchbegriff</label>' in html(response)
    assert "Geben Sie ein Stichwort ein" in html(response)
    assert "article-card" not in html(response)


def test_search_without_hits_says_so_and_suggests_what_to_do(client):
    article()

    response = client.get("/suche/?q=Raumfahrt")

    assert response.status_code == 200
    assert "Zu „Raumfahrt“ haben wir leider keinen Artikel gefunden." in html(response)
    assert "allgemeineren Wort" in html(response)


def test_search_term_is_shown_in_both_search_fields(client):
    response = client.get("/suche/?q=Kita")

    assert html(response).count('value="Kita"') == 2
    assert title(response) == "Suche nach „Kita“ – Elternblog"


def test_search_page_is_not_indexed(client):
    response = client.get("/suche/?q=Kita")

    assert '<meta name="robots" content="noindex">' in html(response)


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"unvollständiges Zitat',
        "Kita & Schule | !Hort :* (Zahn",
        "' OR 1=1 --",
        "----",
        "🙂",
        "%",
        "_",
    ],
)
def test_hostile_or_clumsy_queries_give_a_normal_page(client, query):
    article("Ein harmloser Artikel")

    response = client.get("/suche/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)" not in html(response)
    assert found_titles(response) == []


def test_null_character_in_query_gets_a_german_message(client):
    response = client.get("/suche/", {"q": "Kita\x00"})

    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt." in html(response)
    assert 'aria-invalid="true"' in html(response)


def test_overlong_query_gets_a_german_message_and_keeps_the_text(client):
    response = client.get("/suche/", {"q": "Kita " * 50})

    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in html(response)
    assert 'value="Kita Kita' in html(response)


def test_result_pages_keep_the_search_term(client):
    for number in range(12):
        article(f"Schlaftipp Nummer {number}")

    first = client.get("/suche/?q=Schlaftipp")
    second = client.get("/suche/?q=Schlaftipp&page=2")

    assert 'rel="next" href="?q=Schlaftipp&amp;page=2"' in html(first)
    assert "12 Artikel gefunden." in html(first)
    assert len(found_titles(second)) == 2
    assert 'rel="prev" href="?q=Schlaftipp"' in html(second)
    assert client.get("/suche/?q=Schlaftipp&page=3").status_code == 404


def test_search_ignores_case_and_punctuation(client):
    article("Trotzphase", body="<p>Der TROTZ gehört dazu.</p>")

    assert found_titles(client.get("/suche/?q=„trotz“,")) == ["Trotzphase"]


def test_german_stemming_finds_other_forms_of_a_word(client):
    article("Wenn Kinder nicht schlafen wollen")

    assert found_titles(client.get("/suche/?q=Kindern Schlaf")) == [
        "Wenn Kinder nicht schlafen wollen"
    ]


def test_title_hits_rank_above_body_hits(client):
    from datetime import timedelta

    from django.utils import timezone

    # The body hit is newer, so only the ranking can put the title hit first.
    article("Geschwister streiten", published_at=timezone.now() - timedelta(days=9))
    article("Ein Nachmittag", body="<p>Am Nachmittag streiten die Geschwister.</p>")

    assert found_titles(client.get("/suche/?q=Geschwister")) == [
        "Geschwister streiten",
        "Ein Nachmittag",
    ]


def test_quoted_phrase_matches_only_the_words_in_that_order(client):
    article("Rituale", body="<p>Ein festes Abendritual hilft beim Zubettgehen.</p>")
    article("Anderes", body="<p>Das Zubettgehen ist ein Abendritual, fest und klar.</p>")

    assert found_titles(client.get('/suche/?q="festes Abendritual"')) == ["Rituale"]


def test_hits_are_highlighted_in_a_snippet_of_the_body(client):
    article(
        "Ein Abend",
        excerpt="Anreißer ohne das Wort.",
        body="<p>Nach dem Abendessen beginnt bei uns das <strong>Zähneputzen</strong>.</p>",
    )

    page = html(client.get("/suche/?q=Zähneputzen"))

    assert "<mark>Zähneputzen</mark>" in page
    assert "<strong>" not in page.split('class="summary"')[1].split("</p>")[0]


def test_snippet_text_is_escaped_around_the_marks(client):
    article("Code", body="<p>Schreib &lt;script&gt;alert(1)&lt;/script&gt; Keks &amp; Milch</p>")

    page = html(client.get("/suche/?q=Keks"))

    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Keks</mark> &amp; Milch" in page
    assert "<script>alert" not in page


def test_html_tags_split_words_in_the_search_vector():
    article("Absätze", body="<p>Wut</p><p>Anfall</p>")

    assert Article.objects.search("Wut").count() == 1
    assert Article.objects.search("WutAnfall").count() == 0


def test_saving_an_article_updates_its_search_vector():
    item = article("Alter Titel")

    item.title = "Matschhose"
    item.save()

    assert list(Article.objects.search("Matschhose")) == [item]
    assert list(Article.objects.search("Alter Titel")) == []


def test_an_articles_tags_and_category_are_searched_too(client):
    """ "Trotz" is the search page's own example: a parent typing a topic finds what the
    author filed under it, though the word is nowhere in the text."""
    feelings = category("Gefühle & Trotz")
    tagged = article("Wenn nichts mehr geht", body="<p>Ein Nachmittag im Laden.</p>")
    in_feelings = article("Tränen am Abend", body="<p>Ein langer Tag.</p>", category=feelings)
    tagged.tags.add("Wutanfall")

    assert found_titles(client.get("/suche/?q=Wutanfall")) == ["Wenn nichts mehr geht"]
    assert found_titles(client.get("/suche/?q=Trotz")) == ["Tränen am Abend"]

    tagged.tags.clear()
    feelings.name = "Gefühle"
    feelings.save()

    assert found_titles(client.get("/suche/?q=Wutanfall")) == []
    assert found_titles(client.get("/suche/?q=Trotz")) == []
    assert in_feelings.pk in [a.pk for a in Article.objects.published().search("Gefühle")]


def test_a_renamed_tag_is_searched_by_its_new_name():
    item = article("Wenn nichts mehr geht", body="<p>Ein Nachmittag im Laden.</p>")
    item.tags.add("Wut")
    tag = item.tags.get()

    tag.name = "Wutanfall"
    tag.save()

    assert [a.pk for a in Article.objects.published().search("Wutanfall")] == [item.pk]


def test_bulk_created_articles_become_findable_after_update_search_vector():
    from django.utils import timezone

    Article.objects.bulk_create(
        [
            Article(title=f"Laternenfest {n}", slug=f"laterne-{n}", published_at=timezone.now())
            for n in range(3)
        ]
    )
    assert Article.objects.search("Laternenfest").count() == 0

    assert Article.objects.all().update_search_vector() == 3
    assert Article.objects.search("Laternenfest").count() == 3


@postgres_only
@pytest.mark.parametrize(
    "body",
    [
        "<p>Erster Absatz.</p><p>Zweiter Absatz</p>",
        "<p>Mittags<em>schlaf</em> und <strong>Einschlafen</strong>.</p><ul><li>Brot</li></ul>",
        '<p><a href="/artikel/x/">Brotdose</a>&nbsp;für die Kita &amp; den Hort</p>',
        "<h2>Gefühle</h2><blockquote><p>Zitat<br>mit Umbruch</p></blockquote>",
    ],
)
def test_the_search_vector_reads_the_same_words_as_html_to_text(body):
    """PostgreSQL strips tags itself (search_postgres._text_of); it must agree with Python."""
    item = article("Gleich", body=body)
    by_database = Article.objects.filter(pk=item.pk).annotate(
        words=SearchVector(search_postgres._text_of("body"), config=search_postgres.CONFIG)
    )
    by_python = Article.objects.filter(pk=item.pk).annotate(
        words=SearchVector(Value(html_to_text(body)), config=search_postgres.CONFIG)
    )

    assert by_database.get().words == by_python.get().words


@postgres_only
def test_search_vectors_are_kept_in_the_article_rows():
    """Ranking reads the vectors of 1,000 candidates; out in the TOAST table, where long
    articles pushed them by default, that cost three times as much (migration 0020)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'blog_article'::regclass "
            "AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)


def test_query_of_only_stop_words_finds_nothing_without_an_error(client):
    article("Der Artikel")

    response = client.get("/suche/?q=der die das")

    assert response.status_code == 200
    assert found_titles(response) == []
