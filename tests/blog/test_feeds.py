"""/feed/: RSS 2.0 of the newest published articles, absolute links, valid XML."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from blog.models import Article
from tests.blog.reader_helpers import article, category

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def channel(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.find("channel")


def test_feed_describes_the_blog_in_german_with_absolute_links(client, settings):
    settings.SITE_URL = "https://elternblog.example"

    feed = channel(client)

    assert feed.findtext("title") == "Elternblog"
    assert feed.findtext("link") == "https://elternblog.example/"
    assert feed.findtext("language") == "de"
    assert feed.findtext("description").startswith("Neue Artikel aus dem Elternblog")
    assert feed.find(f"{ATOM}link").get("href") == "https://elternblog.example/feed/"


def test_feed_lists_published_articles_newest_first_with_their_details(client, settings):
    settings.SITE_URL = "https://elternblog.example"
    now = timezone.now()
    older = article("Älter", published_at=now - timedelta(days=2), excerpt="Der ältere.")
    article(
        "Neuer",
        published_at=datetime(2025, 1, 2, 8, 30, tzinfo=UTC),
        category=category("Schlaf"),
        tags=["Nacht"],
        excerpt="",
    )
    newest = article("Ganz neu", published_at=now - timedelta(hours=1), excerpt="Frisch.")
    article("Entwurf", status=Article.Status.DRAFT)
    article("Geplant", published_at=now + timedelta(days=1))

    items = channel(client).findall("item")

    assert [item.findtext("title") for item in items] == ["Ganz neu", "Älter", "Neuer"]
    first = items[0]
    assert first.findtext("link") == "https://elternblog.example/artikel/ganz-neu/"
    assert first.findtext("description") == "Frisch."
    assert parsedate_to_datetime(first.findtext("pubDate")) == newest.published_at.replace(
        microsecond=0
    )
    guid = first.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == f"tag:elternblog.example,{newest.created_at:%Y-%m-%d}:artikel/{newest.pk}"
    assert items[1].find("guid").text.endswith(f":artikel/{older.pk}")
    assert [c.text for c in items[2].findall("category")] == ["Schlaf", "Nacht"]
    assert items[2].findtext("description").startswith("Abends wird es bei uns oft laut.")


def test_feed_guid_survives_a_changed_slug(client):
    item = article("Erster Titel")
    before = channel(client).find("item").findtext("guid")

    item.slug = "neuer-kurzname"
    item.save()

    assert channel(client).find("item").findtext("guid") == before


def test_feed_stays_well_formed_with_markup_and_ampersands_in_titles(client):
    article("Kita & Schule: <b>Start</b>", slug="kita-schule", excerpt="Zeit & Ruhe <3")

    item = channel(client).find("item")

    assert item.findtext("title") == "Kita & Schule: <b>Start</b>"
    assert item.findtext("description") == "Zeit & Ruhe <3"


def test_feed_holds_the_twenty_newest_articles(client):
    now = timezone.now()
    for number in range(25):
        article(f"Artikel {number}", published_at=now - timedelta(hours=number + 1))

    items = channel(client).findall("item")

    assert len(items) == 20
    assert items[-1].findtext("title") == "Artikel 19"


def test_empty_blog_has_a_valid_empty_feed(client):
    assert channel(client).findall("item") == []
