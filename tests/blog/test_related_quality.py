"""Quality bar of the related articles on the evaluation corpus (tests/blog/related_corpus)."""

import hashlib

import pytest

from blog.models import RelatedArticle
from blog.related import related_lists_rebuild
from tests.blog.related_corpus import load_corpus, precision_at

# The corpus's stored lists (slugs, ranks, scores) as one digest. The same on SQLite and
# PostgreSQL; it changes only when the corpus or the relevance rules change on purpose.
CORPUS_LISTS_DIGEST = "ba9deba8b4363adae6c87b2e6fa41db2cba16bc48c1742d8d16fd76ad9a6d88a"


@pytest.mark.django_db
def test_precision_at_4_on_the_corpus_is_at_least_85_percent():
    topics = load_corpus()
    related_lists_rebuild()

    assert precision_at(topics, k=4) >= 0.85


@pytest.mark.django_db
def test_corpus_lists_are_identical_on_every_database():
    load_corpus()
    related_lists_rebuild()

    rows = RelatedArticle.objects.order_by("article__slug", "rank").values_list(
        "article__slug", "rank", "related__slug", "score", "reason"
    )
    text = "\n".join(f"{a} {rank} {b} {score:.6f} {reason}" for a, rank, b, score, reason in rows)

    assert hashlib.sha256(text.encode()).hexdigest() == CORPUS_LISTS_DIGEST
