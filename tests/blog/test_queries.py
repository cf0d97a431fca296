"""Query counts of reader pages stay fixed, however many articles, tags or categories exist."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.blog.reader_helpers import article, category

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    # Warm-up: content types and the cached quote are loaded once per process, not per page.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def fill(count, tags_each, start=0):
    sleep = category("Schlaf")
    now = timezone.now()
    for number in range(start, start + count):
        article(
            f"Artikel {number} über Schlaf",
            category=sleep if number % 2 else category(f"Thema {number}"),
            tags=["Schlaf", *[f"Schlagwort {number}-{t}" for t in range(tags_each)]],
            published_at=now - timedelta(hours=number + 1),
            cover=number < 3,
        )


LIST_PAGES = [
    "/",
    "/kategorie/schlaf/",
    "/schlagwort/schlaf/",
    f"/archiv/{timezone.now():%Y/%m}/",
    "/suche/?q=Schlaf",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_make_as_many_queries_for_many_articles_as_for_few(client, url):
    fill(2, tags_each=1)
    few = count_queries(client, url)

    fill(25, tags_each=6, start=100)
    many = count_queries(client, url)

    assert many == few


def test_home_page_queries(client, django_assert_max_num_queries):
    fill(15, tags_each=5)
    client.get("/")

    # 1 count for paging, 2 the page of articles with their category (one JOIN),
    # 3 the category navigation; the newsletter box and the quote of the month may add
    # one each. (Cards show no tags since the magazine layout, so none are read.)
    with django_assert_max_num_queries(5):
        client.get("/")


def test_article_page_queries_do_not_grow_with_tags(client, django_assert_max_num_queries):
    fill(4, tags_each=1)
    few = count_queries(client, "/artikel/artikel-1-ueber-schlaf/")
    article("Viele Schlagwörter", tags=[f"Schlagwort {n}" for n in range(30)])

    # 1 the article with its category (one JOIN), 2 its tags, 3 the category navigation,
    # 4 the related articles; the newsletter box and the quote of the month add one each.
    with django_assert_max_num_queries(6):
        client.get("/artikel/viele-schlagwoerter/")
    assert count_queries(client, "/artikel/viele-schlagwoerter/") == few


def test_feed_and_sitemap_queries_do_not_grow_with_articles(client):
    fill(2, tags_each=1)
    few = {url: count_queries(client, url) for url in ["/feed/", "/sitemap.xml"]}

    fill(30, tags_each=4, start=100)

    assert {url: count_queries(client, url) for url in ["/feed/", "/sitemap.xml"]} == few
