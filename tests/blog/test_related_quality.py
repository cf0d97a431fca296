"""Quality bar of the related articles on the evaluation corpus (tests/blog/related_corpus)."""

import pytest

from blog.related import related_lists_rebuild
from tests.blog.related_corpus import load_corpus, precision_at


@pytest.mark.django_db
def test_precision_at_4_on_the_corpus_is_at_least_85_percent():
    topics = load_corpus()
    related_lists_rebuild()

    assert precision_at(topics, k=4) >= 0.85
