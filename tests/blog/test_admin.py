"""The author's admin: list, cover image, actions, preview links, revision history."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from blog.models import Article, Category
from stats.models import Count
from tests.blog.adminforms import ADD_URL, article_form, as_opened, change_url
from tests.blog.imagefiles import image_bytes, upload

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/blog/article/"
NOW = timezone.make_aware(timezone.datetime(2026, 11, 26, 10, 0))


@pytest.fixture
def category():
    return Category.objects.create(name="Schlaf", slug="schlaf")


def make(title, **fields):
    return Article.objects.create(title=title, **fields)


def test_list_shows_status_time_and_category_in_german(admin_client, category):
    make(
        "Geplant",
        status="published",
        published_at=timezone.now() + timedelta(days=1),
        category=category,
    )
    make("Entwurf").tags.add("Einschlafen")

    page = admin_client.get(LIST_URL).content.decode()

    for text in ["Titel", "Status", "Veröffentlichung", "Kategorie", "Geplant", "Entwurf",
                 "Schlaf", "Schlagwörter", "Suche"]:  # fmt: skip
        assert text in page, text


def test_list_query_count_does_not_grow_with_articles(admin_client, django_assert_num_queries):
    categories = [Category.objects.create(name=f"Kategorie {n}") for n in range(5)]
    for n in range(30):
        article = make(f"Artikel {n}", category=categories[n % 5], status="published")
        article.tags.add(f"tag{n % 7}")

    # session, user, savepoint, the filters' categories and tags, 2× count, the page of
    # articles joined with their categories, their views of 30 days, release savepoint,
    # date hierarchy: range, days; whether the one welcome mail exists (the sidebar)
    with django_assert_num_queries(13):
        response = admin_client.get(LIST_URL)

    assert response.context["cl"].result_count == 30


def test_list_shows_each_articles_views_of_the_last_30_days(admin_client, category):
    read = make("Viel gelesen", slug="viel-gelesen", status="published")
    make("Ungelesen", slug="ungelesen", status="published")
    today = timezone.localdate()
    for days_ago, count in [(0, 4), (29, 3), (30, 100)]:
        Count.objects.create(
            day=today - timedelta(days=days_ago),
            metric=Count.Metric.VIEW,
            key=read.get_absolute_url(),
            count=count,
        )

    response = admin_client.get(LIST_URL)

    html = response.content.decode()
    assert "Aufrufe (30 Tage)" in html
    views = dict(
        re.findall(r'>([^<]+)</a></th>.*?<td class="field-views_last_30_days">(\d+)</td>', html)
    )
    assert views == {"Viel gelesen": "7", "Ungelesen": "0"}


def test_list_has_no_views_column_with_stats_off(admin_client, settings):
    settings.STATS = False

    assert "Aufrufe (30 Tage)" not in admin_client.get(LIST_URL).content.decode()


def test_list_filters_by_status_category_and_tag(admin_client, category):
    wanted = make("Gesucht", status="published", category=category)
    wanted.tags.add("Schlafen")
    make("Andere", status="published")

    response = admin_client.get(
        LIST_URL,
        {
            "status__exact": "published",
            "category__id__exact": category.pk,
            "tags__id__exact": wanted.tags.get().pk,
        },
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_search_finds_words_in_the_body(admin_client):
    wanted = make("Abendroutine", body="<p>Wir singen ein Schlaflied.</p>")
    make("Frühstück", body="<p>Haferbrei</p>")

    response = admin_client.get(LIST_URL, {"q": "Schlaflied"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_body_is_edited_with_ckeditor_and_slug_prefilled_the_german_way(admin_client):
    page = admin_client.get(ADD_URL).content.decode()

    assert 'data-type="ckeditortype"' in page
    assert "/static/js/ckeditor-csrf.js" in page
    assert "/static/js/admin-slug.js" in page
    assert page.index("admin/js/urlify.js") < page.index("js/admin-slug.js")


def test_cover_is_stored_reencoded_with_its_size_and_renditions(admin_client, settings):
    cover = upload(
        image_bytes("JPEG", size=(1600, 900)), "Sonnenuntergang am Meer.jpg", "image/jpeg"
    )

    response = admin_client.post(
        ADD_URL, article_form(cover_image=cover, cover_alt="Ein Kind baut eine Sandburg")
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.cover_image.name.endswith("sonnenuntergang-am-meer.jpg")
    assert (article.cover_width, article.cover_height) == (1600, 900)
    media = Path(settings.MEDIA_ROOT)
    sizes = []
    for rendition in article.cover_renditions:
        with Image.open(media / rendition.url.removeprefix("/media/")) as image:
            sizes.append((image.format, image.size))
    assert sizes == [("WEBP", (480, 270)), ("WEBP", (800, 450)), ("WEBP", (1200, 675))]


def test_small_cover_is_not_blown_up(admin_client):
    cover = upload(image_bytes("PNG", size=(600, 400)))

    admin_client.post(ADD_URL, article_form(cover_image=cover, cover_alt="Bauklötze"))

    widths = [r.width for r in Article.objects.get().cover_renditions]
    assert widths == [480, 600]


def test_cover_without_alt_text_is_refused_in_german(admin_client):
    response = admin_client.post(
        ADD_URL, article_form(cover_image=upload(image_bytes()), cover_alt="   ")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_alt"] == [
        "Bitte beschreiben Sie das Titelbild in einem Alternativtext. "
        "Er ist Pflicht, sobald ein Titelbild gesetzt ist."
    ]
    assert not Article.objects.exists()


def test_cover_that_is_no_image_is_refused_in_german(admin_client):
    fake = upload(b"<svg onload='alert(1)'/>", "titel.svg", "image/svg+xml")

    response = admin_client.post(ADD_URL, article_form(cover_image=fake, cover_alt="Titel"))

    assert response.context["adminform"].form.errors["cover_image"] == [
        "Das ist kein Bild im Format JPEG, PNG, WebP oder GIF. Bitte ein solches Bild wählen."
    ]
    assert not Article.objects.exists()


def test_removing_the_cover_needs_no_alt_text(admin_client):
    admin_client.post(ADD_URL, article_form(cover_image=upload(image_bytes()), cover_alt="Ball"))
    article = Article.objects.get()

    admin_client.post(
        change_url(article),
        article_form(slug=article.slug, **{"cover_image-clear": "on"}, cover_alt=""),
    )

    article.refresh_from_db()
    assert not article.cover_image
    assert article.cover_renditions == []


@time_machine.travel(NOW, tick=False)
def test_publish_action_puts_drafts_and_scheduled_articles_online_now(admin_client):
    draft = make("Entwurf", published_at=NOW - timedelta(days=30))
    scheduled = make("Geplant", status="published", published_at=NOW + timedelta(days=2))
    online = make("Online", status="published", published_at=NOW - timedelta(days=5))

    response = admin_client.post(
        LIST_URL,
        {"action": "publish", "_selected_action": [draft.pk, scheduled.pk, online.pk]},
        follow=True,
    )

    assert "2 Artikel veröffentlicht." in response.content.decode()
    for article in (draft, scheduled):
        article.refresh_from_db()
        assert (article.status, article.published_at) == ("published", NOW)
    online.refresh_from_db()
    assert online.published_at == NOW - timedelta(days=5)
    assert Article.objects.published().count() == 3


@time_machine.travel(NOW, tick=False)
def test_publishing_a_draft_from_the_form_without_choosing_a_date_publishes_it_now(admin_client):
    started = NOW - timedelta(days=3)
    draft = make("Entwurf", published_at=started)
    data = article_form(title="Entwurf", slug="entwurf", status="published", published_at=started)

    response = admin_client.post(change_url(draft), as_opened(data, started))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", NOW)


@time_machine.travel(NOW, tick=False)
def test_a_new_article_published_at_once_appears_when_saved_not_when_the_form_opened(
    admin_client,
):
    opened = NOW - timedelta(hours=1)
    data = article_form(status="published", published_at=opened)

    assert admin_client.post(ADD_URL, as_opened(data, opened)).status_code == 302

    assert Article.objects.get().published_at == NOW


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("stored", "chosen"),
    [
        (NOW - timedelta(days=3), NOW - timedelta(days=10)),  # backdated in this save
        (NOW + timedelta(days=2), NOW + timedelta(days=2)),  # planned earlier, untouched
        (NOW - timedelta(days=3), NOW + timedelta(days=1)),  # planned in this save
    ],
    ids=["backdated", "planned-earlier", "planned-now"],
)
def test_a_date_the_author_chose_stays_hers_when_she_publishes(admin_client, stored, chosen):
    draft = make("Entwurf", published_at=stored)
    data = article_form(title="Entwurf", slug="entwurf", status="published", published_at=chosen)

    assert admin_client.post(change_url(draft), as_opened(data, stored)).status_code == 302

    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", chosen)


@time_machine.travel(NOW, tick=False)
def test_saving_a_published_article_keeps_its_date(admin_client):
    online = make("Online", slug="online", status="published", published_at=NOW - timedelta(days=5))
    data = article_form(
        title="Online", slug="online", status="published", published_at=online.published_at
    )

    assert (
        admin_client.post(change_url(online), as_opened(data, online.published_at)).status_code
        == 302
    )

    online.refresh_from_db()
    assert online.published_at == NOW - timedelta(days=5)


def test_unpublish_action_makes_articles_drafts_again(admin_client):
    online = make("Online", status="published")
    draft = make("Entwurf")

    response = admin_client.post(
        LIST_URL, {"action": "unpublish", "_selected_action": [online.pk, draft.pk]}, follow=True
    )

    assert "1 Artikel zurückgezogen." in response.content.decode()
    assert not Article.objects.published().exists()
    assert Version.objects.get_for_object(online).get().revision.comment == "Zurückgezogen."


def test_list_links_drafts_as_preview_and_live_articles_as_view(admin_client):
    make("Entwurf", slug="entwurf")
    make("Online", slug="online", status="published")

    page = admin_client.get(LIST_URL).content.decode()

    assert '<a href="/artikel/entwurf/">Vorschau</a>' in page
    assert '<a href="/artikel/online/">Ansehen</a>' in page


def test_change_form_offers_preview_for_a_scheduled_article(admin_client):
    scheduled = make(
        "Geplant",
        slug="geplant",
        status="published",
        published_at=timezone.now() + timedelta(hours=1),
    )
    online = make("Online", slug="online", status="published")

    assert 'href="/artikel/geplant/" class="viewsitelink">Vorschau<' in (
        admin_client.get(change_url(scheduled)).content.decode()
    )
    assert 'href="/artikel/online/" class="viewsitelink">Auf der Website ansehen<' in (
        admin_client.get(change_url(online)).content.decode()
    )


def test_restoring_an_old_version_brings_back_the_old_body(admin_client):
    admin_client.post(ADD_URL, article_form(title="Trotzphase", body="<p>Erste Fassung.</p>"))
    article = Article.objects.get()
    admin_client.post(
        change_url(article),
        article_form(title="Trotzphase", slug=article.slug, body="<p>Zweite Fassung.</p>"),
    )
    first = Version.objects.get_for_object(article).order_by("pk").first()

    history = admin_client.get(f"/admin/blog/article/{article.pk}/history/").content.decode()
    revision_url = f"/admin/blog/article/{article.pk}/history/{first.pk}/"
    assert revision_url in history
    assert "Erste Fassung" in admin_client.get(revision_url).content.decode()
    response = admin_client.post(
        revision_url,
        article_form(title="Trotzphase", slug=article.slug, body="<p>Erste Fassung.</p>"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Erste Fassung.</p>"
    assert Version.objects.get_for_object(article).count() == 3


def render_picture(article, **context):
    return render_to_string("includes/picture.html", {"article": article, **context})


def test_picture_partial_lists_renditions_with_size_and_alt(admin_client):
    admin_client.post(
        ADD_URL,
        article_form(cover_image=upload(image_bytes("PNG", size=(1000, 500))), cover_alt="Herbst"),
    )
    article = Article.objects.get()
    small, medium, large = article.cover_renditions

    html = render_picture(article)

    assert f'srcset="{small.url} 480w, {medium.url} 800w, {large.url} 1000w"' in html
    assert 'width="1000" height="500" alt="Herbst"' in html
    assert 'loading="lazy"' in html
    assert "fetchpriority" not in html
    assert large.url.endswith(".webp")


def test_picture_partial_loads_the_hero_eagerly(admin_client):
    admin_client.post(ADD_URL, article_form(cover_image=upload(image_bytes()), cover_alt="Bär"))

    html = render_picture(Article.objects.get(), hero=True, sizes="50vw")

    assert 'loading="eager" fetchpriority="high"' in html
    assert 'sizes="50vw"' in html


def test_picture_partial_is_empty_without_a_cover():
    assert render_picture(make("Ohne Bild")).strip() == ""


def test_picture_partial_opens_no_file_and_runs_no_query(
    admin_client, django_assert_num_queries, monkeypatch
):
    admin_client.post(ADD_URL, article_form(cover_image=upload(image_bytes()), cover_alt="Bär"))
    article = Article.objects.get()
    monkeypatch.setattr(Image, "open", None)  # any attempt to read the image would fail

    with django_assert_num_queries(0):
        assert "srcset" in render_picture(article)
