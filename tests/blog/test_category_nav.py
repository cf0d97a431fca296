"""The category navigation on every page: only categories a visitor finds articles in."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Article, Category
from blog.templatetags.blog_tags import category_links
from blog.wordpress.importer import wordpress_import
from tests.blog.reader_helpers import article, category
from tests.blog.wordpress_files import export, item

pytestmark = pytest.mark.django_db


def nav(client, url="/"):
    page = client.get(url).content.decode()
    block = re.search(r'<nav class="site-nav" aria-label="Themen">(.*?)</nav>', page, re.S)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block.group(1))


def test_lists_categories_with_published_articles_only(client):
    article("Schlafen lernen", category=category("Schlaf"))
    article("Erster Kitatag", category=category("Kita"), status=Article.Status.DRAFT)
    category("Leer")

    assert nav(client) == [("/kategorie/schlaf/", "Schlaf")]


def test_marks_the_category_being_shown(client):
    article("Schlafen lernen", category=category("Schlaf"))
    article("Erster Kitatag", category=category("Kita"))

    page = client.get("/kategorie/kita/").content.decode()

    assert '<a href="/kategorie/kita/" aria-current="page">Kita</a>' in page
    assert '<a href="/kategorie/schlaf/">Schlaf</a>' in page


def test_a_category_with_a_scheduled_first_article_appears_at_its_minute(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article(
        "Bald: Zahnen",
        category=category("Zähne", slug="zaehne"),
        published_at=timezone.now() + timedelta(hours=2),
    )
    assert nav(client) == []

    time_machine.shift(timedelta(hours=2))

    assert nav(client) == [("/kategorie/zaehne/", "Zähne")]


def test_unpublishing_moving_and_deleting_update_the_navigation(client):
    sleep, kita = category("Schlaf"), category("Kita")
    item = article("Schlafen lernen", category=sleep)
    assert [name for _url, name in nav(client)] == ["Schlaf"]

    item.category = kita
    item.save()
    assert [name for _url, name in nav(client)] == ["Kita"]

    item.status = Article.Status.DRAFT
    item.save()
    assert nav(client) == []

    item.status = Article.Status.PUBLISHED
    item.save()
    item.delete()
    assert nav(client) == []


def test_after_bulk_writes_noting_the_first_publication_updates_the_navigation(client):
    sleep = category("Schlaf")
    Article.objects.bulk_create(
        [Article(title="Importiert", slug="importiert", category=sleep, status="published")]
    )
    assert nav(client) == []  # bulk writes skip save() and its signals: nothing implicit
    Category.objects.note_first_published()
    assert [name for _url, name in nav(client)] == ["Schlaf"]

    Article.objects.filter(category=sleep).update(status=Article.Status.DRAFT)
    Category.objects.note_first_published()
    assert nav(client) == []


def test_the_navigation_costs_one_query_however_many_articles(client, django_assert_num_queries):
    for number in range(5):
        article(f"Artikel {number}", category=category(f"Thema {number}"))

    with django_assert_num_queries(1):
        html = category_links({})
    assert html.count("<li>") == 5


def test_category_names_are_escaped(client):
    article("Schlafen lernen", category=category("<script>alert(1)</script>", slug="skript"))

    page = client.get("/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a>" in page
    assert "<script>alert(1)" not in page


def test_a_category_the_author_does_not_show_stays_out_of_the_navigation(client):
    article("Schlafen lernen", category=category("Schlaf"))
    article("Erster Kitatag", category=category("Kita", show_in_nav=False))

    assert nav(client) == [("/kategorie/schlaf/", "Schlaf")]
    assert client.get("/kategorie/kita/").status_code == 200


def test_imported_categories_enter_the_navigation_once_the_author_shows_them(
    client, admin_client, tmp_path
):
    wordpress_import(
        path=export(tmp_path, item(1, categories=[("schlaf", "Schlaf")]), item(2, slug="b"))
    )
    sleep = Category.objects.get(slug="schlaf")
    assert not sleep.show_in_nav
    assert nav(client) == []

    response = admin_client.post(
        "/admin/blog/category/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(sleep.pk),
            "form-0-show_in_nav": "on",
            "_save": "Sichern",
        },
    )

    assert response.status_code == 302
    assert nav(client) == [("/kategorie/schlaf/", "Schlaf")]


def test_categories_the_author_creates_are_shown_by_default(admin_client):
    page = admin_client.get("/admin/blog/category/add/").content.decode()

    assert re.search(r'<input type="checkbox" name="show_in_nav"[^>]* checked', page)
    assert "In der Navigation zeigen" in page
    assert Category.objects.create(name="Zähne", slug="zaehne").show_in_nav
