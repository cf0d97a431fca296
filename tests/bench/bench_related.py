"""Related articles with 10,000 articles: one recompute, full rebuild, memory, precision@4.

Articles are recombined from the evaluation corpus's sentences (same topics, some tags,
some wrong tags), so the text looks like the blog's without being copies.
"""

import random
import resource
import time
from datetime import UTC, datetime, timedelta

from tests.bench.setup import django_setup, report

ARTICLES = 10_000


def generate(count):
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    from blog.models import Article, Category
    from tests.blog.related_corpus import CORPUS

    rng = random.Random(4)
    by_topic = {}
    for item in CORPUS["articles"]:
        entry = by_topic.setdefault(item["topic"], {"titles": [], "sentences": []})
        entry["titles"].append(item["title"])
        entry["sentences"].extend(item["body"])
        if item.get("excerpt"):
            entry["sentences"].append(item["excerpt"])
    topics = sorted(by_topic)
    categories = [
        Category.objects.create(name=f"Bereich {n}", slug=f"bereich-{n}") for n in range(3)
    ]
    tags = {
        topic: Tag.objects.get_or_create(name=topic.title(), defaults={"slug": f"t-{topic}"})[0]
        for topic in topics
    }
    start = datetime(2020, 1, 1, tzinfo=UTC)
    articles, labels = [], []
    for number in range(count):
        topic = topics[number % len(topics)]
        source = by_topic[topic]
        sentences = rng.sample(source["sentences"], rng.randint(4, 8))
        articles.append(
            Article(
                title=f"{rng.choice(source['titles'])} ({number})",
                slug=f"artikel-{number}",
                excerpt=sentences[0],
                body="".join(f"<p>{s}</p>" for s in sentences[1:]),
                category=rng.choice(categories),
                status=Article.Status.PUBLISHED,
                published_at=start + timedelta(hours=rng.randint(0, 5 * 365 * 24)),
            )
        )
        labels.append(topic)
    created = Article.objects.bulk_create(articles, batch_size=1000)
    content_type = ContentType.objects.get_for_model(Article)
    items = []
    for article, topic in zip(created, labels, strict=True):
        roll = rng.random()
        if roll < 0.45:
            items.append(
                TaggedItem(tag=tags[topic], content_type=content_type, object_id=article.pk)
            )
        elif roll < 0.5:  # a wrong tag, as authors set them
            wrong = tags[rng.choice([t for t in topics if t != topic])]
            items.append(TaggedItem(tag=wrong, content_type=content_type, object_id=article.pk))
    TaggedItem.objects.bulk_create(items, batch_size=1000)
    return [article.pk for article in created]


def main():
    django_setup("related")
    from blog import related
    from blog.models import Article
    from blog.related.index import process_index
    from tests.blog.related_corpus import load_corpus, precision_at

    topics = load_corpus()
    related.related_lists_rebuild()
    print(f"related precision@4 (Korpus, {len(topics)} Artikel): {precision_at(topics):.3f}")
    Article.objects.all().delete()

    ids = generate(ARTICLES)
    process_index.clear()
    before = _peak_mb()
    started = time.perf_counter()
    related.related_lists_recompute(article_ids=[ids[0]])
    print(f"related recompute one, cold (index aufbauen): {time.perf_counter() - started:.2f} s")

    sample = random.Random(7).sample(ids, 30)
    durations = []
    for pk in sample:
        started = time.perf_counter()
        related.related_lists_recompute(article_ids=[pk])
        durations.append(time.perf_counter() - started)
    report(f"related recompute one article ({ARTICLES} Artikel)", durations)

    durations = []
    for pk in sample[:10]:
        article = Article.objects.get(pk=pk)
        article.body += "<p>Nachtrag: Wir haben es wieder ausprobiert.</p>"
        article.save()
        started = time.perf_counter()
        related.related_lists_update_for(article_id=pk)
        durations.append(time.perf_counter() - started)
    report("related after a change (eigene Liste + betroffene Listen)", durations)

    started = time.perf_counter()
    count = related.related_lists_rebuild()
    print(f"related full rebuild ({count} Artikel): {time.perf_counter() - started:.1f} s")

    print(f"related peak memory before the index (Django + Testdaten): {before:.0f} MB")
    print(f"related peak memory (ru_maxrss, ganzer Prozess): {_peak_mb():.0f} MB")


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
