"""The stored related lists: what readers see, and writing them after a recompute.

Each list holds the author's own picks first, in her order, then the computed entries; the
page reads it in one plain query (`related_for`).
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from blog.models import Article, RelatedArticle, RelatedPick
from blog.related.index import Candidate, process_index, rank_articles
from core.cache import pages_changed

MANY_LISTS = 1000  # recomputing more lists than this reads all articles at once


def shown_count():
    return settings.RELATED_ARTICLES_COUNT


# What a related card shows: title, cover and category, read in the list's one query.
_CARD_FIELDS = (
    "title",
    "slug",
    "cover_image",
    "cover_width",
    "cover_height",
    "cover_alt",
    "sponsored",
    "category__name",
    "category__slug",
)


def related_for(article, *, count=None, with_reasons=False):
    """The list readers see: the article's stored entries (the author's picks first, then
    computed ones) whose articles are published now.

    One plain join over the list's own index, whatever the length; `published()` filters
    at read time, so a stale stored list never shows a draft or a scheduled article. Only
    what the cards show is loaded; `with_reasons` adds `picked` and `reason` (the admin).
    """
    count = shown_count() if count is None else count
    entries = Article.objects.published().filter(listed_in__article=article.pk)
    if with_reasons:
        entries = entries.annotate(picked=F("listed_in__picked"), reason=F("listed_in__reason"))
    shown = entries.select_related("category").only(*_CARD_FIELDS)
    return list(shown.order_by("listed_in__rank")[:count])


def _stored_length():
    # Computed entries the author picked move up among her picks, and the page hides
    # scheduled articles until their time comes: spares keep the list full.
    return 3 * shown_count()


def _ranked(article_ids):
    return rank_articles(article_ids, limit=_stored_length())


def _picks_of(article_ids):
    """The author's picks of the given articles (or all), in her order: {id: [related id]}."""
    picks = RelatedPick.objects.order_by("article", "position", "pk")
    if article_ids is not None:
        picks = picks.filter(article__in=article_ids)
    result = defaultdict(list)
    for article_id, related_id in picks.values_list("article", "related"):
        result[article_id].append(related_id)
    return result


def _entries(picked, candidates):
    """One stored list: her picks, then the computed candidates she did not pick, as
    [(related id, rank, score, reason, picked)]."""
    rows = [(related_id, 0.0, "", True) for related_id in picked]
    rows += [
        (c.related_id, c.score, c.reason, False) for c in candidates if c.related_id not in picked
    ]
    return [(related_id, rank, *rest) for rank, (related_id, *rest) in enumerate(rows, 1)]


def _store(ranked, *, everything=False):
    """Write the lists that changed; the page cache starts anew when any did."""
    picks = _picks_of(None if everything else list(ranked))
    new = {pk: _entries(picks.get(pk, []), candidates) for pk, candidates in ranked.items()}
    stored = RelatedArticle.objects.order_by("article", "rank")
    if not everything:
        stored = stored.filter(article__in=list(ranked))
    old = defaultdict(list)
    fields = ("article", "related", "rank", "score", "reason", "picked")
    for article_id, *row in stored.values_list(*fields):
        old[article_id].append(tuple(row))
    changed = sorted(pk for pk in ranked if new[pk] != old[pk])
    if not changed:
        return
    with transaction.atomic():
        _delete_lists(changed)
        RelatedArticle.objects.bulk_create(
            [
                RelatedArticle(
                    article_id=pk,
                    related_id=related_id,
                    rank=rank,
                    score=score,
                    reason=reason,
                    picked=picked,
                )
                for pk in changed
                for related_id, rank, score, reason, picked in new[pk]
            ],
            batch_size=1000,
        )
    # bulk_create sends no signals, so the page cache learns of the new lists here.
    pages_changed()


def _delete_lists(article_ids):
    # Plain SQL: QuerySet.delete() sends a signal per row (the page cache listens to blog's
    # models), 100,000 of them in a rebuild, and the cache is renewed once by the caller.
    table = connection.ops.quote_name(RelatedArticle._meta.db_table)
    column = connection.ops.quote_name(RelatedArticle._meta.get_field("article").column)
    with connection.cursor() as cursor:
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)


def related_lists_recompute(*, article_ids):
    """Recompute and store the lists of the given articles (drafts too, for the admin)."""
    wanted = set(article_ids)
    many = len(wanted) > MANY_LISTS
    if many:
        # One pass over every row instead of IN clauses with thousands of ids (SQLite
        # caps the number of parameters), e.g. after a WordPress import.
        ranked = {pk: c for pk, c in _ranked(None).items() if pk in wanted}
    else:
        ranked = _ranked(sorted(wanted))
    _store(ranked, everything=many)
    return len(ranked)


def related_lists_update_for(*, article_id):
    """After `article_id` was saved, published, unpublished or deleted: recompute its own
    list, every list that shows it and, while it is published, the lists of the articles
    it is most similar to (similarity runs both ways often enough to find them)."""
    showing = set(
        RelatedArticle.objects.filter(related=article_id).values_list("article", flat=True)
    )
    ranked = _ranked([article_id])
    affected = set(showing)
    if article_id in process_index.slots:
        affected.update(c.related_id for c in ranked.get(article_id, []))
    affected.discard(article_id)
    ranked.update(_ranked(sorted(affected)))
    _store(ranked)
    return len(ranked)


def related_list_store_picks(*, article_id):
    """After the author changed her picks: her list starts with them at once. The computed
    entries stay as they are until the worker's next recompute."""
    stored = RelatedArticle.objects.filter(article=article_id, picked=False).order_by("rank")
    computed = [Candidate(*row) for row in stored.values_list("related", "score", "reason")]
    _store({article_id: computed})


def related_lists_rebuild():
    """Recompute every article's list from scratch (`manage.py rebuild_related`)."""
    process_index.clear()
    ranked = _ranked(None)
    _store(ranked, everything=True)
    return len(ranked)
