"""Related articles ("Ähnliche Beiträge"): rules of the list, the page hook and the admin."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import Article, Category, RelatedArticle, RelatedPick
from blog.related import related_for, related_lists_rebuild, related_lists_recompute, store
from blog.related.index import process_index
from blog.related.text import analyse, words
from blog.tasks import related_after_change
from core.cache import GENERATION_KEY
from tests.blog.adminforms import article_form, change_url

SLEEP = [
    "Einschlafen am Abend: ein festes Ritual mit Buch und Schlafanzug hilft beim Schlafen.",
    "Nachts wach: Wenn das Kleinkind wieder aufwacht, bleibt es ruhig im Bett und schläft.",
    "Mittagsschlaf weglassen: abends schneller einschlafen, nachts besser schlafen.",
    "Schlafenszeit im Sommer: Vorhänge, Ritual und müde Kinder schlafen trotzdem ein.",
    "Durchschlafen lernen: Schlaf in kleinen Schritten, ohne Schreienlassen im Bett.",
]
FOOD = [
    "Mein Kind isst nur Nudeln: Gemüse auf dem Teller, ohne Druck beim Essen.",
    "Gemüse probieren: Kinder essen Brokkoli und Möhren, wenn der Teller entspannt bleibt.",
    "Familienessen am Tisch: Eltern entscheiden was, Kinder wie viel sie essen.",
]


@pytest.fixture(autouse=True)
def _fresh_index():
    """The index lives per process; a test must not see another test's articles."""
    process_index.clear()
    yield
    process_index.clear()


def make(title, text="", *, days_ago=1, status=Article.Status.PUBLISHED, **fields):
    return Article.objects.create(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower())[:50].strip("-")
        + f"-{Article.objects.count()}",
        body=f"<p>{text}</p>",
        status=status,
        published_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def sleep_and_food():
    sleep = [make(text.split(":")[0], text, days_ago=i + 1) for i, text in enumerate(SLEEP)]
    food = [make(text.split(":")[0], text, days_ago=i + 10) for i, text in enumerate(FOOD)]
    return sleep, food


def shown(article):
    return [item.pk for item in related_for(article)]


# Text analysis


def test_words_drop_html_stop_words_and_stem_german_forms():
    pairs = words("<p>Die Kinder <strong>schlafen</strong> nicht</p><p>Schlaf&nbsp;gut</p>")

    stems = [stem for stem, _word in pairs]
    assert stems == ["kind", "schlaf", "schlaf"]
    assert "p" not in stems and "strong" not in stems and "nbsp" not in stems


def test_compounds_share_letter_grams_with_their_parts():
    compound, _ = analyse("Mittagsschlaf", "", "")
    simple, _ = analyse("Schlaf", "", "")

    assert set(simple) & set(compound) >= {"#schl", "#chla", "#hlaf"}


@pytest.mark.django_db
def test_clumsy_text_never_breaks_the_computation():
    sleep, _food = sleep_and_food()
    empty = make("", "")
    markup = make("<b>Nur</b> &amp; <i>Markup</i>", "<p><br></p><ul><li></li></ul>" * 50)
    stop_words = make("und oder aber", "Die der das und oder aber nicht doch noch schon. " * 20)
    huge = make("Schlaf", " ".join(SLEEP) * 300)

    related_lists_rebuild()

    for article in (empty, markup, stop_words):
        assert len(shown(article)) == 4  # by category and time, as nothing else is shared
    assert set(shown(huge)) <= {a.pk for a in sleep}


# The list's rules


@pytest.mark.django_db
def test_an_article_is_never_related_to_itself():
    sleep, _food = sleep_and_food()
    related_lists_rebuild()

    assert not RelatedArticle.objects.filter(article=F("related")).exists()
    for article in Article.objects.all():
        assert article.pk not in shown(article)
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedArticle.objects.create(article=sleep[0], related=sleep[0], rank=99, score=9)


@pytest.mark.django_db
def test_same_topic_articles_come_first_with_similar_words_as_reason():
    sleep, food = sleep_and_food()
    related_lists_rebuild()

    assert set(shown(sleep[0])) <= {a.pk for a in sleep[1:]}
    assert set(shown(food[0])[:2]) == {food[1].pk, food[2].pk}
    first = related_for(sleep[0], with_reasons=True)[0]
    assert first.reason.startswith("ähnliche Wörter: ")


@pytest.mark.django_db
def test_drafts_and_future_articles_are_never_shown_even_if_stored():
    sleep, _food = sleep_and_food()
    related_lists_rebuild()
    draft = make("Entwurf über Schlaf", SLEEP[0], status=Article.Status.DRAFT)
    future = make("Geplant: Schlaf", SLEEP[0], days_ago=-3)
    RelatedArticle.objects.filter(article=sleep[0]).update(rank=F("rank") + 10)
    RelatedArticle.objects.create(article=sleep[0], related=draft, rank=1, score=5, reason="")
    RelatedArticle.objects.create(article=sleep[0], related=future, rank=2, score=5, reason="")
    RelatedPick.objects.create(article=sleep[0], related=draft, position=0)

    assert draft.pk not in shown(sleep[0])
    assert future.pk not in shown(sleep[0])
    assert len(shown(sleep[0])) == 4


@pytest.mark.django_db
def test_a_scheduled_article_appears_in_other_lists_once_its_time_comes(time_machine):
    sleep, _food = sleep_and_food()
    scheduled = make("Schlafen lernen", " ".join(SLEEP), days_ago=-2)
    related_lists_rebuild()
    assert scheduled.pk not in shown(sleep[0])

    time_machine.move_to(timezone.now() + timedelta(days=3))

    assert scheduled.pk in shown(sleep[0])


@pytest.mark.django_db
def test_authors_picks_come_first_in_her_order_without_duplicates():
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    before = shown(sleep[0])
    RelatedPick.objects.create(article=sleep[0], related=food[2], position=1)
    RelatedPick.objects.create(article=sleep[0], related=food[0], position=2)
    RelatedPick.objects.create(article=sleep[0], related=sleep[4], position=3)

    items = list(related_for(sleep[0], with_reasons=True))

    assert [i.pk for i in items[:3]] == [food[2].pk, food[0].pk, sleep[4].pk]
    assert [i.picked for i in items] == [True, True, True, False]
    assert len(items) == 4 and len({i.pk for i in items}) == 4
    assert items[3].pk == next(pk for pk in before if pk != sleep[4].pk)


@pytest.mark.django_db
def test_a_recompute_keeps_the_authors_picks_first():
    sleep, food = sleep_and_food()
    RelatedPick.objects.create(article=sleep[0], related=food[1], position=0)

    related_lists_rebuild()
    related_lists_recompute(article_ids=[sleep[0].pk])

    items = related_for(sleep[0], with_reasons=True)
    assert items[0].pk == food[1].pk and items[0].picked
    assert [i.picked for i in items[1:]] == [False, False, False]


@pytest.mark.django_db
def test_the_number_shown_follows_the_setting(settings):
    sleep, _food = sleep_and_food()
    settings.RELATED_ARTICLES_COUNT = 2
    related_lists_rebuild()

    assert len(shown(sleep[0])) == 2
    assert RelatedArticle.objects.filter(article=sleep[0]).count() == 6  # spares: 3 × 2


@pytest.mark.django_db
def test_an_article_without_text_neighbours_gets_tags_then_category_then_time():
    family = Category.objects.create(name="Familie", slug="familie")
    other = Category.objects.create(name="Sonstiges", slug="sonstiges")
    lonely = make("Zirkus", "Akrobaten jonglieren Bälle unter der Kuppel.", category=family)
    lonely.tags.add("Ausflug")
    tagged = make("Zoo", "Giraffen fressen Blätter hoch oben.", days_ago=300, category=other)
    tagged.tags.add("Ausflug")
    same_category = make("Museum", "Dinosaurier Skelette staunen.", days_ago=200, category=family)
    recent = make("Bahnhof", "Züge rollen pünktlich ein.", days_ago=2, category=other)
    old = make("Leuchtturm", "Wellen brechen am Strand.", days_ago=400, category=other)
    related_lists_rebuild()

    items = list(related_for(lonely, with_reasons=True))

    assert [i.pk for i in items] == [tagged.pk, same_category.pk, recent.pk, old.pk]
    assert [i.reason for i in items] == [
        "gemeinsame Schlagwörter: Ausflug",
        "gleiche Kategorie",
        "zeitlich nah",
        "zeitlich nah",
    ]


@pytest.mark.django_db
def test_lists_are_deterministic_and_one_recompute_matches_a_rebuild():
    sleep, _food = sleep_and_food()
    sleep[1].tags.add("Schlaf")
    sleep[3].tags.add("Schlaf")

    def stored():
        return list(
            RelatedArticle.objects.order_by("article", "rank").values_list(
                "article", "related", "rank", "score", "reason"
            )
        )

    related_lists_rebuild()
    first = stored()
    related_lists_rebuild()
    assert stored() == first

    RelatedArticle.objects.filter(article=sleep[2]).delete()
    process_index.clear()
    related_lists_recompute(article_ids=[sleep[2].pk])
    assert stored() == first


@pytest.mark.django_db
def test_recomputing_many_lists_at_once_gives_the_same_lists(monkeypatch):
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    expected = list(RelatedArticle.objects.values_list("article", "related", "rank", "score"))
    RelatedArticle.objects.all().delete()
    monkeypatch.setattr(store, "MANY_LISTS", 3)

    assert related_lists_recompute(article_ids=[a.pk for a in sleep + food]) == 8
    stored = list(RelatedArticle.objects.values_list("article", "related", "rank", "score"))
    assert sorted(stored) == sorted(expected)


@pytest.mark.django_db
def test_reading_the_list_is_one_query_however_long_it_is(settings, django_assert_num_queries):
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    RelatedPick.objects.create(article=sleep[0], related=food[0], position=0)

    # 1. the stored list (her picks first) joined to its published articles
    with django_assert_num_queries(1):
        assert len(list(related_for(sleep[0]))) == 4
    settings.RELATED_ARTICLES_COUNT = 7
    with django_assert_num_queries(1):
        assert len(list(related_for(sleep[0]))) == 7


@pytest.mark.django_db
def test_changed_lists_renew_the_page_cache_and_unchanged_ones_do_not():
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    untouched = cache.get(GENERATION_KEY)

    related_lists_recompute(article_ids=[a.pk for a in sleep + food])
    assert cache.get(GENERATION_KEY) == untouched

    sleep[0].tags.add("Schlaf")
    food[0].tags.add("Schlaf")
    tagged = cache.get(GENERATION_KEY)
    related_lists_recompute(article_ids=[sleep[0].pk])
    assert cache.get(GENERATION_KEY) != tagged


# Page hook


@pytest.mark.django_db
def test_article_page_shows_the_related_section_with_links(client):
    sleep, _food = sleep_and_food()
    related_lists_rebuild()

    html = client.get(sleep[0].get_absolute_url()).content.decode()

    section = re.search(r'<section id="related"[^>]*>(.*?)</section>', html, re.S)
    assert section, "no related section"
    assert "<h2" in section.group(1) and "Ähnliche Beiträge" in section.group(1)
    links = re.findall(r'href="(/artikel/[^"/]+/)"', section.group(1))
    assert len(links) == 4
    assert sleep[0].get_absolute_url() not in links


@pytest.mark.django_db
def test_article_page_has_no_empty_related_section(client):
    alone = make("Allein", "Ganz allein auf weiter Flur.")
    related_lists_rebuild()

    html = client.get(alone.get_absolute_url()).content.decode()

    assert 'id="related"' not in html


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_the_list(client, settings):
    sleep, _food = sleep_and_food()
    related_lists_rebuild()
    url = sleep[0].get_absolute_url()
    settings.RELATED_ARTICLES_COUNT = 1
    client.get(url)  # warm-up: content types and cached parts load once per process
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    settings.RELATED_ARTICLES_COUNT = 7
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)

    assert response.content.decode().count('<li class="related-card">') >= 7
    assert len(seven) == len(one)


# Admin


@pytest.mark.django_db
def test_admin_form_shows_the_list_readers_see_and_why(admin_client):
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    RelatedPick.objects.create(article=sleep[0], related=food[1], position=0)

    html = admin_client.get(f"/admin/blog/article/{sleep[0].pk}/change/").content.decode()

    assert "Ähnliche Beiträge, wie Leser sie sehen" in html
    preview = re.search(r'<ol class="related-preview">(.*?)</ol>', html, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", preview, re.S)
    assert len(items) == 4
    assert food[1].title in items[0] and "eigene Auswahl" in items[0]
    assert all("ähnliche Wörter" in item for item in items[1:])


@pytest.mark.django_db
def test_picks_saved_in_the_admin_show_on_the_page_at_once(admin_client, client):
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    article = sleep[0]
    when = timezone.localtime(article.published_at)
    form = article_form(
        title=article.title,
        slug=article.slug,
        body=article.body,
        status="published",
        published_at_0=when.strftime("%d.%m.%Y"),
        published_at_1=when.strftime("%H:%M:%S"),
        **{
            "picks-TOTAL_FORMS": "2",
            "picks-0-related": str(food[2].pk),
            "picks-0-position": "0",
            "picks-1-related": str(food[0].pk),
            "picks-1-position": "1",
        },
    )

    response = admin_client.post(change_url(article), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(article.get_absolute_url()).content.decode()
    section = re.search(r'<section id="related"[^>]*>(.*?)</section>', page, re.S).group(1)
    links = re.findall(r'href="(/artikel/[^"/]+/)"', section)
    assert links[:2] == [food[2].get_absolute_url(), food[0].get_absolute_url()]
    assert len(links) == 4


@pytest.mark.django_db
def test_a_removed_pick_leaves_the_head_of_the_list_at_once():
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    pick = RelatedPick.objects.create(article=sleep[0], related=food[1])
    assert related_for(sleep[0])[0].pk == food[1].pk

    pick.delete()

    assert not RelatedArticle.objects.filter(article=sleep[0], picked=True).exists()
    assert food[1].pk not in [a.pk for a in related_for(sleep[0])]


@pytest.mark.django_db
def test_deleting_an_article_with_picks_both_ways_leaves_no_entry_behind():
    sleep, food = sleep_and_food()
    related_lists_rebuild()
    RelatedPick.objects.create(article=sleep[0], related=food[0])
    RelatedPick.objects.create(article=food[0], related=sleep[1])
    gone = food[0].pk

    food[0].delete()

    assert not RelatedArticle.objects.filter(related=gone).exists()
    assert not RelatedArticle.objects.filter(article=gone).exists()
    assert not RelatedPick.objects.exists()


@pytest.mark.django_db
def test_admin_add_form_explains_the_list_comes_after_saving(admin_client):
    html = admin_client.get("/admin/blog/article/add/").content.decode()

    assert "Wird nach dem ersten Speichern berechnet." in html


# Background work


@pytest.mark.django_db
def test_saving_an_article_queues_its_recompute_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        article = make("Schlaf", SLEEP[0])
        article.tags.add("Schlaf")

    ours = [c for c in callbacks if getattr(c, "func", None) == related_after_change.enqueue]
    assert len(ours) == 2  # the save and the tag change; the task itself is idempotent

    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    task = DBTaskResult.objects.get(task_path="blog.tasks.related_after_change")
    assert task.args_kwargs["args"] == [article.pk]


@pytest.mark.django_db(transaction=True)
def test_unpublishing_removes_an_article_from_every_other_page_through_the_queue(client):
    sleep, _food = sleep_and_food()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")
    target = sleep[1]
    showing = set(RelatedArticle.objects.filter(related=target).values_list("article", flat=True))
    assert len(showing) >= 3

    target.status = Article.Status.DRAFT
    target.save()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")

    assert not RelatedArticle.objects.filter(related=target).exists()
    for pk in showing:
        page = client.get(Article.objects.get(pk=pk).get_absolute_url()).content.decode()
        assert target.get_absolute_url() not in page
        assert len(shown(Article(pk=pk))) == 4


@pytest.mark.django_db(transaction=True)
def test_publishing_a_new_article_puts_it_into_its_neighbours_lists_through_the_queue():
    sleep_and_food()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")

    fresh = make("Einschlafen und Durchschlafen", " ".join(SLEEP))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")

    assert len(shown(fresh)) == 4
    lists_with_it = RelatedArticle.objects.filter(related=fresh, rank__lte=4).count()
    assert lists_with_it >= 3


@pytest.mark.django_db(transaction=True)
def test_deleting_an_article_refills_the_lists_that_showed_it():
    sleep, _food = sleep_and_food()
    related_lists_rebuild()
    target = sleep[2]
    showing = set(RelatedArticle.objects.filter(related=target).values_list("article", flat=True))

    target.delete()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0")

    assert showing
    for pk in showing:
        assert RelatedArticle.objects.filter(article=pk).count() == 6  # the other six left


@pytest.mark.django_db
def test_rebuild_related_command_recomputes_every_list(capsys):
    sleep_and_food()
    call_command("rebuild_related")

    assert "Ähnliche Beiträge für 8 Artikel berechnet." in capsys.readouterr().out
    assert RelatedArticle.objects.values("article").distinct().count() == 8
