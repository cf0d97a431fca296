"""Reader pages: home, category, tag, month archive – lists, paging, empty states and 404s."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from blog.models import Article
from tests.blog.reader_helpers import article, category, h1_count, html, title

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_newest_first(client):
    now = timezone.now()
    article("Älterer Artikel", published_at=now - timedelta(days=3))
    article("Neuerer Artikel", published_at=now - timedelta(days=1))
    article("Ein Entwurf", status=Article.Status.DRAFT)
    article("Noch geplant", published_at=now + timedelta(hours=1))

    page = html(client.get("/"))

    assert page.index("Neuerer Artikel") < page.index("Älterer Artikel")
    assert "Ein Entwurf" not in page
    assert "Noch geplant" not in page


def test_home_shows_ten_articles_a_page_and_page_two_the_rest(client):
    now = timezone.now()
    for number in range(12):
        article(f"Artikel Nummer {number:02}", published_at=now - timedelta(hours=number + 1))

    first = client.get("/")
    second = client.get("/?page=2")

    assert first.content.decode().count('class="article-card"') == 10
    assert 'rel="next" href="?page=2"' in html(first)
    assert second.status_code == 200
    assert html(second).count('class="article-card"') == 2
    assert "Artikel Nummer 11" in html(second)
    assert 'rel="prev" href="/"' in html(second)
    assert "Seite 2" in title(second)
    assert '<link rel="canonical" href="http://testserver/?page=2">' in html(second)


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1", "2"])
def test_home_page_number_out_of_range_or_not_a_number_is_404(client, page):
    article()

    response = client.get(f"/?page={page}")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in html(response)


def test_empty_blog_home_says_articles_are_coming(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Hier erscheinen bald die ersten Artikel" in html(response)
    assert h1_count(response) == 1


def test_category_page_lists_only_its_published_articles(client):
    sleep, food = category("Schlaf"), category("Essen")
    article("Einschlafen leicht gemacht", category=sleep)
    article("Brokkoli für Anfänger", category=food)
    article("Geheimer Entwurf", category=sleep, status=Article.Status.DRAFT)

    response = client.get("/kategorie/schlaf/")

    assert response.status_code == 200
    assert "Einschlafen leicht gemacht" in html(response)
    assert "Brokkoli für Anfänger" not in html(response)
    assert "Geheimer Entwurf" not in html(response)
    assert title(response) == "Schlaf – Elternblog"


def test_category_without_articles_has_a_friendly_empty_state(client):
    category("Kita & Schule", slug="kita-schule", description="Eingewöhnung und Schulstart.")

    response = client.get("/kategorie/kita-schule/")

    assert response.status_code == 200
    assert "In „Kita &amp; Schule“ gibt es noch keine Artikel." in html(response)
    assert "Eingewöhnung und Schulstart." in html(response)


def test_unknown_category_is_404(client):
    assert client.get("/kategorie/gibt-es-nicht/").status_code == 404


def test_tag_page_lists_published_articles_with_that_tag(client):
    article("Trotzphase verstehen", tags=["Trotz", "Gefühle"])
    article("Gemüse im Alltag", tags=["Essen"])
    article("Entwurf zum Trotz", tags=["Trotz"], status=Article.Status.DRAFT)

    response = client.get("/schlagwort/trotz/")

    assert response.status_code == 200
    assert "Trotzphase verstehen" in html(response)
    assert "Gemüse im Alltag" not in html(response)
    assert "Entwurf zum Trotz" not in html(response)
    assert title(response) == "Schlagwort „Trotz“ – Elternblog"


def test_tag_with_only_drafts_shows_the_empty_state(client):
    article("Entwurf", tags=["Zahnen"], status=Article.Status.DRAFT)

    response = client.get("/schlagwort/zahnen/")

    assert response.status_code == 200
    assert "Zum Schlagwort „Zahnen“ ist gerade kein Artikel veröffentlicht." in html(response)


def test_unknown_tag_is_404(client):
    assert client.get("/schlagwort/gibt-es-nicht/").status_code == 404


@time_machine.travel(datetime(2024, 7, 15, 12, 0, tzinfo=UTC), tick=False)
def test_month_archive_uses_berlin_time_for_the_month_boundary(client):
    # 22:30 UTC on 31 May is already 00:30 on 1 June in Berlin.
    article("Mai-Artikel", published_at=datetime(2024, 5, 31, 21, 30, tzinfo=UTC))
    article("Juni-Artikel", published_at=datetime(2024, 5, 31, 22, 30, tzinfo=UTC))

    may = client.get("/archiv/2024/05/")
    june = client.get("/archiv/2024/06/")

    assert "Mai-Artikel" in html(may)
    assert "Juni-Artikel" not in html(may)
    assert "Juni-Artikel" in html(june)
    assert title(may) == "Archiv Mai 2024 – Elternblog"
    assert '<a href="/archiv/2024/06/">Juni 2024</a>' in html(may)


@time_machine.travel(datetime(2024, 7, 15, 12, 0, tzinfo=UTC), tick=False)
def test_month_archive_without_articles_is_an_empty_state_with_the_other_months(client):
    article("Mai-Artikel", published_at=datetime(2024, 5, 10, 9, 0, tzinfo=UTC))

    response = client.get("/archiv/2023/02/")

    assert response.status_code == 200
    assert "Im Februar 2023 ist kein Artikel erschienen." in html(response)
    assert '<a href="/archiv/2024/05/">Mai 2024</a>' in html(response)


@pytest.mark.parametrize(
    "url", ["/archiv/2024/13/", "/archiv/2024/00/", "/archiv/2024/5/", "/archiv/24/05/"]
)
def test_impossible_month_is_404(client, url):
    response = client.get(url)

    assert response.status_code == 404


def test_scheduled_article_stays_out_of_its_future_month_archive(client):
    future = timezone.now() + timedelta(days=40)
    article("Kommt erst noch", published_at=future)

    response = client.get(f"/archiv/{future:%Y}/{future:%m}/")

    assert "Kommt erst noch" not in html(response)


@pytest.mark.parametrize(
    ("url", "expected_title"),
    [
        ("/", "Elternblog – Alltag mit Kindern, ehrlich erzählt"),
        ("/kategorie/schlaf/", "Schlaf – Elternblog"),
        ("/schlagwort/abendritual/", "Schlagwort „Abendritual“ – Elternblog"),
        ("/archiv/2024/03/", "Archiv März 2024 – Elternblog"),
        ("/suche/", "Suche – Elternblog"),
        ("/suche/?q=Ritual", "Suche nach „Ritual“ – Elternblog"),
        ("/artikel/gute-nacht-ohne-traenen/", "Gute Nacht ohne Tränen – Elternblog"),
    ],
)
def test_every_reader_page_has_a_german_title_and_exactly_one_h1(client, url, expected_title):
    article(
        category=category("Schlaf"),
        tags=["Abendritual"],
        published_at=datetime(2024, 3, 5, 19, 0, tzinfo=UTC),
    )

    response = client.get(url)

    assert response.status_code == 200
    assert title(response) == expected_title
    assert h1_count(response) == 1
    assert '<main id="main"' in html(response)


def test_cards_show_date_category_reading_time_and_summary(client):
    article(
        "Mit Kindern kochen",
        category=category("Essen"),
        tags=["Kochen"],
        excerpt="Kochen mit Kleinkindern braucht Zeit und Geduld.",
    )

    page = html(client.get("/"))

    assert '<a href="/kategorie/essen/">Essen</a>' in page
    assert "1 Min. Lesezeit" in page
    assert "Kochen mit Kleinkindern braucht Zeit und Geduld." in page
