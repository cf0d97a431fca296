"""Slugs: German transliteration, derived when left blank, never duplicated."""

import importlib

import pytest
from django.apps import apps as django_apps
from taggit.models import Tag

from blog.models import Article, Category
from blog.slugs import german_slugify, unique_slug
from tests.blog.adminforms import ADD_URL, article_form, change_url


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Müde Mütter, große Füße", "muede-muetter-grosse-fuesse"),
        ("Äpfel & Öl für Übermorgen", "aepfel-oel-fuer-uebermorgen"),
        ("GROSSE STRASSE ẞ", "grosse-strasse-ss"),
        ("Crème brûlée in der Kita?", "creme-brulee-in-der-kita"),
        ("  –Schlaf, Kindlein, schlaf!– ", "schlaf-kindlein-schlaf"),
        ("2 Jahre: die Trotzphase", "2-jahre-die-trotzphase"),
        ("🙂 😴", ""),
    ],
)
def test_german_slugify_spells_out_umlauts_and_sharp_s(text, slug):
    assert german_slugify(text) == slug


def test_german_slugify_cuts_at_max_length_without_a_trailing_hyphen():
    assert german_slugify("Schlaf über alles", max_length=10) == "schlaf-ueb"
    assert german_slugify("Schlaf über alles", max_length=7) == "schlaf"


@pytest.mark.django_db
def test_unique_slug_counts_up_past_taken_slugs():
    Category.objects.create(name="Schlaf A", slug="schlaf")
    Category.objects.create(name="Schlaf B", slug="schlaf-2")

    assert unique_slug(Category.objects.all(), "Schlaf", max_length=100) == "schlaf-3"


@pytest.mark.django_db
def test_unique_slug_keeps_within_max_length():
    Category.objects.create(name="x", slug="a" * 10)

    assert unique_slug(Category.objects.all(), "a" * 30, max_length=10) == "a" * 8 + "-2"


@pytest.mark.django_db
def test_article_saved_without_slug_gets_a_german_unique_one():
    first = Article.objects.create(title="Große Gefühle im Kindergarten")
    second = Article.objects.create(title="Große Gefühle im Kindergarten")

    assert first.slug == "grosse-gefuehle-im-kindergarten"
    assert second.slug == "grosse-gefuehle-im-kindergarten-2"


@pytest.mark.django_db
def test_clearing_the_slug_derives_the_same_one_again():
    article = Article.objects.create(title="Zähneputzen ohne Drama")

    article.slug = ""
    article.save()

    assert article.slug == "zaehneputzen-ohne-drama"


@pytest.mark.django_db
def test_title_without_letters_still_gets_a_slug():
    assert Article.objects.create(title="???").slug == "beitrag"


@pytest.mark.django_db
def test_category_saved_without_slug_gets_a_german_one():
    assert Category.objects.create(name="Übergänge & Rituale").slug == "uebergaenge-rituale"


@pytest.mark.django_db
def test_admin_derives_a_blank_slug_from_the_title(admin_client):
    Article.objects.create(title="Vorher", slug="fruehstueck-fuer-faule")

    response = admin_client.post(ADD_URL, article_form(title="Frühstück für Faule", slug=""))

    assert response.status_code == 302
    assert Article.objects.filter(slug="fruehstueck-fuer-faule-2").exists()


@pytest.mark.django_db
def test_admin_refuses_a_duplicate_slug_in_german_and_keeps_the_input(admin_client):
    Article.objects.create(title="Ältere Geschichte", slug="meine-geschichte")

    response = admin_client.post(
        ADD_URL, article_form(title="Neue Geschichte", slug="meine-geschichte", body="<p>Lang</p>")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["slug"] == [
        "Der Kurzname „meine-geschichte“ gehört schon zu „Ältere Geschichte“. "
        "Bitte einen anderen wählen, zum Beispiel „meine-geschichte-2“."
    ]
    assert response.context["adminform"].form["body"].value() == "<p>Lang</p>"
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_saving_an_article_again_does_not_clash_with_its_own_slug(admin_client):
    article = Article.objects.create(title="Bleibt", slug="bleibt")

    response = admin_client.post(change_url(article), article_form(title="Bleibt", slug="bleibt"))

    assert response.status_code == 302


@pytest.mark.django_db
def test_category_admin_refuses_a_duplicate_slug(admin_client):
    Category.objects.create(name="Schlaf", slug="schlaf")

    response = admin_client.post(
        "/admin/blog/category/add/", {"name": "Schlafen", "slug": "schlaf", "description": ""}
    )

    assert "Der Kurzname „schlaf“ gehört schon zu „Schlaf“." in response.content.decode()
    assert Category.objects.count() == 1


@pytest.mark.django_db
def test_category_admin_derives_a_blank_slug_from_the_name(admin_client):
    admin_client.post("/admin/blog/category/add/", {"name": "Große Kinder", "slug": ""})

    assert Category.objects.get().slug == "grosse-kinder"


@pytest.mark.django_db
def test_tag_slugs_spell_out_umlauts_like_articles():
    article = Article.objects.create(title="Schlaf", status=Article.Status.PUBLISHED)

    article.tags.add("Nächte", "Größe")

    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["groesse", "naechte"]


@pytest.mark.django_db
def test_tag_slug_spelled_out_does_not_clash_with_an_existing_one():
    Tag.objects.create(name="naechte")
    Tag.objects.create(name="Nächte")

    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["naechte", "naechte-2"]


@pytest.mark.django_db
def test_old_umlaut_tag_url_redirects_permanently(client):
    article = Article.objects.create(title="Schlaf", status=Article.Status.PUBLISHED)
    article.tags.add("Nächte")

    old = client.get("/schlagwort/n%C3%A4chte/?page=1")
    new = client.get("/schlagwort/naechte/")

    assert old.status_code == 301
    assert old["Location"] == "/schlagwort/naechte/?page=1"
    assert new.status_code == 200
    assert "Schlaf" in new.content.decode()
    assert client.get("/schlagwort/n%C3%B6chte/").status_code == 404


@pytest.mark.django_db
def test_migration_spells_out_existing_tag_slugs():
    Tag.objects.bulk_create([Tag(name="Nächte", slug="nächte"), Tag(name="Wut", slug="wut")])
    Tag.objects.bulk_create([Tag(name="Naechte", slug="naechte")])
    migration = importlib.import_module("blog.migrations.0018_tag_slugs_spelled_out")

    migration.spell_out_tag_slugs(django_apps, None)

    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs == {"Nächte": "naechte-2", "Wut": "wut", "Naechte": "naechte"}
