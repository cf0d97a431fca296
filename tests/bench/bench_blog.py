"""Reader pages with 10,000 articles: median and p99 render time and queries per page.

The page cache is turned off (`dummycache://`), so every request renders: the figures are
what a visitor waits for on a cache miss. Run alone with `make bench BENCH=blog`; with
DATABASE_URL=postgres://… it measures PostgreSQL's full-text search instead of the fallback.
"""

import os
import random
import time

from tests.bench.setup import django_setup, report

ARTICLES = 10_000
TAGS = 40
RUNS = {"home": 150, "home_tief": 100, "artikel": 300, "suche": 100}
SEARCHES = ["Schlaf", "Wutanfall Supermarkt", '"feste Reihenfolge"', "Brotdose -Kita", "Kind"]


def main():
    # Render every page, never serve it from the full-page cache.
    os.environ.setdefault("CACHE_URL", "dummycache://")
    django_setup("blog")
    from django.core.management import call_command

    # Pages link hashed static files: they need a manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    slugs = seed()
    print(f"seed: {time.perf_counter() - started:.1f} s für {ARTICLES} Artikel")

    from django.test import Client

    client = Client()
    rng = random.Random(7)
    pages = {
        "home": lambda: "/",
        "home_tief": lambda: f"/?page={rng.randint(2, ARTICLES // 10)}",
        "artikel": lambda: f"/artikel/{rng.choice(slugs)}/",
        "suche": lambda: "/suche/?" + _query(rng.choice(SEARCHES)),
    }
    for name, url in pages.items():
        durations, queries = measure(client, url, RUNS[name])
        report(f"{name}", durations)
        print(f"{name}_queries: {max(queries)} queries (min {min(queries)})")


def _query(text):
    from urllib.parse import urlencode

    return urlencode({"q": text})


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url())  # warm-up: templates compiled, content types cached
    durations, queries = [], []
    for _ in range(runs):
        address = url()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address)
            durations.append(time.perf_counter() - started)
        assert response.status_code == 200, (address, response.status_code)
        queries.append(len(captured))
    return durations, queries


def seed():
    """10,000 published articles in five categories, a third of them with two or three tags."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from blog.demo_articles import ARTICLES as TEXTS
    from blog.demo_articles import CATEGORIES
    from blog.models import Article, Category

    rng = random.Random(42)
    now = timezone.now()
    with transaction.atomic():
        categories = Category.objects.bulk_create(
            [Category(slug=slug, name=name, description=text) for slug, name, text in CATEGORIES]
        )
        tags = Tag.objects.bulk_create(
            [Tag(name=f"Schlagwort {n}", slug=f"schlagwort-{n}") for n in range(TAGS)]
        )
        articles = []
        for number in range(ARTICLES):
            text = TEXTS[number % len(TEXTS)]
            articles.append(
                Article(
                    title=f"{text['title']} ({number})",
                    slug=f"{text['slug']}-{number}",
                    excerpt=text["excerpt"],
                    body=text["body"] * rng.randint(1, 3),
                    category=categories[number % len(categories)],
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(hours=number * 3 + 1),
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=500)
        article_type = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(tag=tag, content_type=article_type, object_id=article.pk)
                for article in articles[::3]
                for tag in rng.sample(tags, rng.randint(2, 3))
            ],
            batch_size=1000,
        )
        # bulk_create skips Article.save(), so the search vectors are filled in one go.
        Article.objects.all().update_search_vector()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather them after such a load; without them
        # the planner guesses a handful of rows and picks poor plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return [article.slug for article in articles]
