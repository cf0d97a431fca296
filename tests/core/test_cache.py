"""The full-page cache: fast for anonymous visitors, never stale, never personal."""

import datetime
import re

import pytest
import time_machine
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Article, Category, RelatedPick
from core.cache import page_lifetime
from newsletter.models import SignupBox, Subscriber
from quotes.models import Quote

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60 * 60
    settings.PAGE_CACHE_PUBLIC_MAX_AGE = 60
    # A fresh site creates its signup box on the first page view, which (as a content change)
    # would make that first page stale at once; a live site has its box long before.
    SignupBox.objects.current()


def publish(title, **fields):
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    return Article.objects.create(
        title=title, status=Article.Status.PUBLISHED, body="<p>Ein Absatz.</p>", **fields
    )


def test_second_visit_of_a_page_costs_no_query(client, django_assert_num_queries):
    article = publish("Schlaf im ersten Jahr")
    first = client.get(article.get_absolute_url())

    # Served from the cache: no session, no article, no quote, nothing.
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second.status_code == 200
    assert second.content == first.content


def test_public_page_tells_browsers_and_cdns_to_keep_it_briefly(client):
    article = publish("Kita-Eingewöhnung")

    fresh = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())

    for response in (fresh, cached):
        assert "public" in response["Cache-Control"]
        max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
        assert 0 < max_age <= 60


def test_cached_page_keeps_every_protective_header(client):
    article = publish("Trösten ohne Worte")
    fresh = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())

    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
    ):
        assert cached[name] == fresh[name], name


def test_cached_page_answers_a_conditional_get_with_304(client, django_assert_num_queries):
    article = publish("Wutanfälle verstehen")
    etag = client.get(article.get_absolute_url())["ETag"]

    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304


def change_article_title(article):
    article.title = "Neuer Titel nach der Änderung"
    article.save()
    return "Neuer Titel nach der Änderung"


def change_category_name(article):
    article.category.name = "Umbenannte Kategorie"
    article.category.save()
    return "Umbenannte Kategorie"


def add_tag(article):
    article.tags.add("Geschwisterstreit")
    return "Geschwisterstreit"


def pick_related_article(article):
    other = publish("Handverlesener Nachbarartikel")
    RelatedPick.objects.create(article=article, related=other, position=0)
    return "Handverlesener Nachbarartikel"


def save_quote_of_this_month(article):
    Quote.objects.create(
        text="Kinder brauchen Wurzeln und Flügel.",
        author="Unbekannt",
        month=timezone.localdate().replace(day=1),
    )
    return "Kinder brauchen Wurzeln und Flügel."


def unpublish_article(article):
    article.status = Article.Status.DRAFT
    article.save()
    return None


@pytest.mark.parametrize(
    "change",
    [
        change_article_title,
        change_category_name,
        add_tag,
        pick_related_article,
        save_quote_of_this_month,
        unpublish_article,
    ],
)
def test_every_content_change_shows_at_once_on_a_cached_page(client, change):
    category = Category.objects.create(name="Alltag", slug="alltag")
    article = publish("Abendrituale", category=category)
    assert client.get(article.get_absolute_url()).status_code == 200

    expected = change(article)
    response = client.get(article.get_absolute_url())

    if expected is None:
        assert response.status_code == 404
    else:
        assert expected in response.content.decode()


def test_changed_flatpage_shows_at_once(client):
    page = FlatPage.objects.create(url="/ueber-mich/", title="Über mich", content="<p>Alt.</p>")
    page.sites.add(Site.objects.get_current())
    assert "Alt." in client.get("/ueber-mich/").content.decode()

    page.content = "<p>Ganz neu geschrieben.</p>"
    page.save()

    assert "Ganz neu geschrieben." in client.get("/ueber-mich/").content.decode()


def test_new_article_appears_on_the_cached_home_page_at_once(client):
    publish("Der erste Artikel")
    client.get("/")

    publish("Der zweite Artikel")

    assert "Der zweite Artikel" in client.get("/").content.decode()


def test_scheduled_article_appears_at_its_minute():
    with time_machine.travel(NOON, tick=False) as clock:
        publish("Schon erschienen")
        scheduled = publish(
            "Geplant für halb eins", published_at=NOON + datetime.timedelta(minutes=30)
        )
        client = Client()
        assert "Geplant für halb eins" not in client.get("/").content.decode()

        clock.move_to(NOON + datetime.timedelta(minutes=29, seconds=59))
        assert "Geplant für halb eins" not in client.get("/").content.decode()

        clock.move_to(NOON + datetime.timedelta(minutes=30))
        assert "Geplant für halb eins" in client.get("/").content.decode()
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_page_lifetime_ends_at_the_next_scheduled_publication():
    with time_machine.travel(NOON, tick=False):
        publish("Geplant", published_at=NOON + datetime.timedelta(minutes=7))
        Article.objects.create(
            title="Entwurf mit Datum",
            status=Article.Status.DRAFT,
            published_at=NOON + datetime.timedelta(minutes=2),
        )

        assert page_lifetime(generation=1) == 7 * 60


def test_page_lifetime_ends_when_a_new_month_brings_a_new_quote(settings):
    # 23:50 on 31 March in Berlin: the quote of April shows ten minutes later.
    almost_april = datetime.datetime(2026, 3, 31, 21, 50, tzinfo=datetime.UTC)

    with time_machine.travel(almost_april, tick=False):
        assert page_lifetime(generation=1) == 10 * 60


def test_staff_are_never_served_from_the_cache_nor_cached(client, admin_client):
    draft = Article.objects.create(title="Noch geheim", status=Article.Status.DRAFT)
    publish("Öffentlich")
    anonymous_home = client.get("/").content.decode()

    assert reaches_the_view(admin_client, "/")
    preview = admin_client.get(draft.get_absolute_url())

    assert "no-store" in preview["Cache-Control"]
    assert "private" in preview["Cache-Control"]
    assert "Noch geheim" in preview.content.decode()
    assert "Noch geheim" not in anonymous_home
    assert Client().get(draft.get_absolute_url()).status_code == 404


def reaches_the_view(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries) > 0 and "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/?q=zahnen", "/suche/?q=zahnen&x=1", "/artikel/?q=x"])
def test_search_parameter_elsewhere_always_reaches_the_view(client, url):
    publish("Zahnen ohne Tränen")
    client.get(url)

    assert reaches_the_view(client, url)


def test_repeated_search_is_served_from_the_cache_by_normalized_query(
    client, django_assert_num_queries
):
    publish("Zahnen ohne Tränen")
    client.get("/suche/", {"q": "Zahnen  Tränen"})
    second = client.get("/suche/", {"q": "Zahnen Tränen"})

    with django_assert_num_queries(0):
        again = client.get("/suche/", {"q": " Zahnen Tränen "})

    assert again.content == second.content
    assert "Zahnen ohne Tränen" in again.content.decode()


def test_a_search_asked_once_is_not_stored(client):
    publish("Zahnen ohne Tränen")
    key = "pagecache:page:testserver/suche/?q=Zahnen"

    # Most queries come once: their page costs no write to the shared cache.
    client.get("/suche/?q=Zahnen")
    assert cache.get(key) is None
    client.get("/suche/?q=Zahnen")
    assert cache.get(key) is not None


def test_cached_search_shows_a_new_article_at_once(client):
    publish("Zahnen ohne Tränen")
    client.get("/suche/?q=Zahnen")

    publish("Zahnen in der Nacht")

    assert "Zahnen in der Nacht" in client.get("/suche/?q=Zahnen").content.decode()


def test_staff_search_is_never_cached(admin_client, client):
    publish("Zahnen ohne Tränen")

    staff = admin_client.get("/suche/?q=Zahnen")

    assert "no-store" in staff["Cache-Control"]
    assert reaches_the_view(admin_client, "/suche/?q=Zahnen")


def test_tracking_parameters_share_the_cached_page(client, django_assert_num_queries):
    article = publish("Viral am Montag")
    client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url() + "?utm_source=instagram&fbclid=abc")

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?x=zufall", "?p=123", "?preview=1", "?page=2&x=1"])
def test_unknown_parameters_neither_fill_the_cache_nor_get_a_cached_page(client, query):
    for number in range(12):
        publish(f"Artikel Nummer {number:02d}")
    client.get("/")
    client.get("/?page=2")

    # Neither the cached page without the parameter, nor a copy kept from the first visit.
    assert reaches_the_view(client, "/" + query)
    assert reaches_the_view(client, "/" + query)


def test_a_page_number_is_one_cache_entry_however_it_is_written(client):
    for number in range(12):
        publish(f"Artikel Nummer {number:02d}")
    client.get("/?page=2")

    for spelling in ("?page=02", "?page=+2", "?page=2&utm_medium=mail"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/" + spelling).status_code == 200
        assert len(queries) == 0, spelling


def test_pages_of_a_list_are_cached_apart(client):
    for number in range(30):
        publish(f"Artikel Nummer {number:02d}")
    client.get("/")

    second_page = client.get("/?page=2")

    assert second_page.status_code == 200
    assert second_page.content != client.get("/").content


def test_visitor_with_a_flash_message_gets_a_fresh_page(client):
    publish("Etwas zum Lesen")
    client.get("/")
    client.cookies["messages"] = "irgendeine-nachricht"

    assert reaches_the_view(client, "/")


def test_error_pages_are_not_cached(client):
    assert client.get("/artikel/gibt-es-noch-nicht/").status_code == 404

    publish("Gibt es noch nicht")

    assert client.get("/artikel/gibt-es-noch-nicht/").status_code == 200


def test_newsletter_form_on_a_cached_page_subscribes_a_new_visitor(django_assert_num_queries):
    # The form's page comes from the cache, rendered for someone else.
    Client().get("/newsletter/")
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        page = visitor.get("/newsletter/")
    form = re.search(
        r'<form id="newsletter-signup".*?</form>', page.content.decode(), flags=re.S
    ).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))

    response = visitor.post(
        "/newsletter/",
        fields | {"email": "leser@example.org", "first_name": "Mia", "consent": "on"},
    )

    assert response.status_code == 302
    assert Subscriber.objects.filter(email="leser@example.org").exists()


def test_form_with_errors_is_not_cached_for_the_next_visitor(client):
    client.get("/newsletter/")

    with_errors = client.post("/newsletter/", {"email": "kein-at-zeichen", "consent": "on"})
    next_visitor = Client().get("/newsletter/")

    assert "kein-at-zeichen" in with_errors.content.decode()
    assert "no-store" in with_errors["Cache-Control"]
    assert "kein-at-zeichen" not in next_visitor.content.decode()
