"""Slugs: German transliteration, derived when left blank, never duplicated."""

import pytest

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
