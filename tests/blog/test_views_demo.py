"""Demo articles from `seed_demo`: enough real-looking content to click through every page."""

import pytest
from django.utils import timezone

from blog import demo
from blog.demo_articles import ARTICLES
from blog.models import Article, Category
from tests.blog.reader_helpers import html

pytestmark = pytest.mark.django_db


def test_demo_articles_are_complete_and_the_home_page_shows_the_published_ones(client):
    # One test for the whole check: every seeding draws and encodes every cover.
    demo.seed()

    published = Article.objects.published()
    assert published.count() == sum(1 for entry in ARTICLES if (entry["days_ago"] or 0) > 0)
    assert Category.objects.filter(articles__in=published).distinct().count() == 5
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    scheduled = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    )
    assert scheduled.count() == 1
    for article in Article.objects.all():
        assert article.cover_image, article.slug
        assert (article.cover_width, article.cover_height) == (1200, 675)
        assert article.cover_alt.startswith("Zeichnung: "), article.slug
        assert article.tags.exists(), article.slug
        assert article.body.count("<p>") >= 2, article.slug
        assert article.summary, article.slug

    page = html(client.get("/"))
    assert "Geschwisterstreit begleiten, ohne Schiedsrichter zu sein" in page
    assert "Ausflüge bei Regenwetter" not in page  # scheduled
    assert "Bildschirmzeit in der Familie" not in page  # draft


def test_seeding_twice_changes_nothing():
    demo.seed()
    before = list(Article.objects.values_list("slug", "cover_image", "published_at"))

    assert demo.seed() == f"0 neu, {len(ARTICLES)} schon vorhanden"
    assert list(Article.objects.values_list("slug", "cover_image", "published_at")) == before


def test_demo_has_a_sponsored_article(client):
    demo.seed()

    (sponsored,) = Article.objects.filter(sponsored=True)
    assert sponsored.sponsor_name == "Radwerk Kinderräder"
    page = html(client.get(sponsored.get_absolute_url()))
    assert "in Zusammenarbeit mit Radwerk Kinderräder" in page
    assert (
        'href="https://radwerk-kinderraeder.example/groessen" rel="sponsored noopener noreferrer"'
        in page
    )
