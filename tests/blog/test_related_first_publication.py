"""The related list a reader sees right after the first publication equals a rebuild's."""

import pytest

from blog.models import Article, Category, RelatedArticle
from blog.related import related_for, related_lists_rebuild
from blog.related.index import process_index
from tests.blog.adminforms import ADD_URL, article_form, change_url
from tests.blog.related_corpus import CORPUS, corpus_body, load_corpus


@pytest.fixture(autouse=True)
def _fresh_index():
    process_index.clear()
    yield
    process_index.clear()


def shown(article):
    return [item.slug for item in related_for(article)]


def stored_list(article):
    rows = RelatedArticle.objects.filter(article=article).order_by("rank")
    return list(rows.values_list("related__slug", "score", "reason"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("position", [0, 30])
def test_list_after_first_publication_equals_the_list_after_a_rebuild(
    admin_client, run_worker, position
):
    held_out = CORPUS["articles"][position]
    CORPUS["articles"].pop(position)
    try:
        load_corpus()
    finally:
        CORPUS["articles"].insert(position, held_out)
    related_lists_rebuild()
    run_worker()  # the corpus's own saves queued recomputes too
    fields = {
        "title": held_out["title"],
        "body": corpus_body(held_out),
        "excerpt": held_out.get("excerpt", ""),
        "category": str(Category.objects.get().pk),
        "tags": ", ".join(held_out["tags"]),
    }

    # As the author does it: a draft first (the worker computes its list), then published
    # from the edit form; readers may open it before the worker has run again.
    admin_client.post(ADD_URL, article_form(**fields))
    article = Article.objects.get(title=held_out["title"])
    run_worker()
    admin_client.post(change_url(article), article_form(status="published", **fields))
    seen_at_once = shown(article)
    run_worker()
    after_publication = stored_list(article)

    related_lists_rebuild()

    assert len(after_publication) == 12
    assert after_publication == stored_list(article)
    assert seen_at_once == shown(article)
