"""`{% kept %}` parts and the generation a request reads once."""

import datetime
import hashlib
import time

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import timezone

from blog.models import Article, Category
from core.cache import GENERATION_KEY, for_generation, pages_changed
from newsletter.models import SignupBox

pytestmark = pytest.mark.django_db

PART = Template('{% load kept %}{% kept "gruss" name %}Hallo {{ name }}, {{ time }}{% endkept %}')


@pytest.fixture(autouse=True)
def _kept_parts_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600


def render(**context):
    return PART.render(Context(context))


def test_a_kept_part_is_rendered_once_per_generation():
    first = render(name="Anna", time="früh")

    assert render(name="Anna", time="spät") == first == "Hallo Anna, früh"
    pages_changed()
    assert render(name="Anna", time="spät") == "Hallo Anna, spät"


def test_each_value_the_part_differs_by_is_kept_apart():
    render(name="Anna", time="früh")

    assert render(name="Ben", time="spät") == "Hallo Ben, spät"
    assert render(name="<b>Ben</b>", time="spät") == "Hallo &lt;b&gt;Ben&lt;/b&gt;, spät"


def test_nothing_is_kept_when_kept_parts_are_off(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    render(name="Anna", time="früh")

    assert render(name="Anna", time="spät") == "Hallo Anna, spät"


@pytest.mark.parametrize("tag", ["{% kept %}", "{% kept gruss %}"])
def test_a_kept_part_needs_a_quoted_name(tag):
    with pytest.raises(TemplateSyntaxError, match="Namen in Anführungszeichen"):
        Template("{% load kept %}" + tag + "{% endkept %}")


def test_an_uncached_page_asks_for_the_generation_once(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 3600
    SignupBox.objects.current()
    category = Category.objects.create(name="Schlaf", slug="schlaf")
    article = Article.objects.create(
        title="Müde Eltern",
        body="<p>Ein Absatz.</p>",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    asked, inside = [], []
    get_many, get = cache.get_many, cache.get

    def spy_get_many(keys, **kwargs):
        asked.extend(keys)
        inside.append(True)  # the local-memory cache's get_many calls get for each key
        try:
            return get_many(keys, **kwargs)
        finally:
            inside.pop()

    def spy_get(key, *args, **kwargs):
        if not inside:
            asked.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", spy_get_many)
    monkeypatch.setattr(cache, "get", spy_get)

    response = Client().get(article.get_absolute_url())

    assert response.status_code == 200
    assert asked.count(GENERATION_KEY) == 1
    assert len([key for key in asked if key.startswith("pagecache:part:")]) >= 6


def test_the_marked_category_is_never_kept_for_another_page(settings):
    settings.PAGE_CACHE_SECONDS = 0
    category = Category.objects.create(name="Schlaf", slug="schlaf")
    Article.objects.create(
        title="Müde Eltern",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client = Client()
    client.get("/")

    # Marked twice: in the header's links and in the phone menu, which are kept apart.
    assert client.get(category.get_absolute_url()).text.count('aria-current="page"') == 2
    assert 'aria-current="page"' not in client.get("/").text


def test_the_header_search_field_shows_each_visitors_own_query(settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    field = 'id="header-search-q" type="search" name="q" placeholder="Suchen …" value="{}"'

    assert field.format("Trotz") in client.get("/suche/?q=Trotz").text
    assert field.format("Kita &amp; Schule") in client.get("/suche/?q=Kita+%26+Schule").text
    assert field.format("") in client.get("/").text


def test_a_part_is_made_anew_and_not_kept_unless_it_may_be():
    part = Template('{% load kept %}{% kept "vorschau" unless preview %}{{ text }}{% endkept %}')

    assert part.render(Context({"preview": True, "text": "Entwurf"})) == "Entwurf"
    assert part.render(Context({"preview": False, "text": "öffentlich"})) == "öffentlich"
    assert part.render(Context({"preview": True, "text": "Entwurf 2"})) == "Entwurf 2"
    assert part.render(Context({"preview": False, "text": "anders"})) == "öffentlich"


def test_a_process_reuses_its_parts_only_while_no_other_process_changed_content(
    settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    SignupBox.objects.current()
    article = Article.objects.create(
        title="Müde Eltern",
        body="<p>Ein Absatz.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    Client().get(article.get_absolute_url())
    asked = []
    get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **kw: asked.append(key) or get(key, *a, **kw))

    Client().get(article.get_absolute_url())
    assert not [key for key in asked if key.startswith("pagecache:part:")]

    # Another process saves: it writes a new generation to the shared cache, nothing here.
    Article.objects.filter(pk=article.pk).update(title="Ausgeschlafene Eltern")
    cache.set(GENERATION_KEY, time.time_ns())
    page = Client().get(article.get_absolute_url()).text

    assert "<h1>Ausgeschlafene Eltern</h1>" in page


def test_a_part_kept_in_its_process_never_reaches_the_shared_cache():
    made = []

    def make():
        made.append(1)
        return f"Fassung {len(made)}"

    assert for_generation("eigen", make, shared=False) == "Fassung 1"
    assert for_generation("eigen", make, shared=False) == "Fassung 1"
    assert cache.get("pagecache:part:eigen") is None
    pages_changed()
    assert for_generation("eigen", make, shared=False) == "Fassung 2"


def test_a_part_kept_local_stays_in_its_process():
    part = Template(
        '{% load kept %}{% kept "eigen" name local %}{{ name }}, {{ time }}{% endkept %}'
    )
    digest = hashlib.md5(b"Anna", usedforsecurity=False).hexdigest()

    assert part.render(Context({"name": "Anna", "time": "früh"})) == "Anna, früh"
    assert part.render(Context({"name": "Anna", "time": "spät"})) == "Anna, früh"
    assert cache.get(f"pagecache:part:kept:eigen:{digest}") is None
    assert cache.get(f"pagecache:part:kept:gruss:{digest}") is None
    render(name="Anna", time="früh")
    assert cache.get(f"pagecache:part:kept:gruss:{digest}") is not None
