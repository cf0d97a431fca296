"""The evaluation corpus for related articles (articles.json) and its measure, precision@k."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.utils.text import slugify

CORPUS = json.loads((Path(__file__).parent / "articles.json").read_text(encoding="utf-8"))
FIRST_DAY = datetime(2024, 1, 5, 8, 0, tzinfo=UTC)


def corpus_body(item):
    sentences = item["body"]
    middle = len(sentences) // 2
    return f"<p>{' '.join(sentences[:middle])}</p><p>{' '.join(sentences[middle:])}</p>"


def load_corpus():
    """Create the corpus as published articles in one category; returns {article id: topic}."""
    from blog.models import Article, Category

    category = Category.objects.create(name=CORPUS["category"], slug=slugify(CORPUS["category"]))
    articles = CORPUS["articles"]
    topics = {}
    for position, item in enumerate(articles):
        # Every ninth day, in an order unrelated to the topic, so time cannot give it away.
        day = (position * 37) % len(articles) * 9
        article = Article.objects.create(
            title=item["title"],
            excerpt=item.get("excerpt", ""),
            slug=slugify(item["title"])[:200],
            body=corpus_body(item),
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=FIRST_DAY + timedelta(days=day),
        )
        if item["tags"]:
            article.tags.set(item["tags"])
        topics[article.pk] = item["topic"]
    return topics


def precision_at(topics, k=4):
    """Share of shown related articles that are of the same topic as the article."""
    from blog.models import Article
    from blog.related import related_for

    hits = shown = 0
    for pk, topic in topics.items():
        for related in related_for(Article(pk=pk), count=k):
            shown += 1
            hits += topics.get(related.pk) == topic
    return hits / shown if shown else 0.0
