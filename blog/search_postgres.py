"""Article search on PostgreSQL: the stored `search_vector` with the german configuration.

Every article keeps a GIN-indexed `search_vector` (title weight A, excerpt B, body text C),
refreshed by `ArticleQuerySet.update_search_vector()` (saves and bulk writes). The words
of the vectors also go into `blog_search_term`, the vocabulary "Meinten Sie …?" draws on
(with a trigram index where the pg_trgm extension could be created; migration 0016).
"""

import difflib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import connections, models
from django.db.models import F, Func, Value

from blog.search_sql import labels, rows_held
from core.richtext import INLINE_TAG_PATTERN, TAG_PATTERN

CONFIG = "german"
TERMS = "blog_search_term"
_has_trigrams = {}  # database alias → whether pg_trgm is installed


class SearchVectorIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere a plain index, because SQLite knows no `USING gin`."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def _regexp_replace(expression, pattern, replacement, flags):
    return Func(
        expression,
        Value(pattern),
        Value(replacement),
        Value(flags),
        function="regexp_replace",
        output_field=models.TextField(),
    )


def _text_of(field):
    """SQL for the text of stored HTML, by the rule of `core.richtext.html_to_text`: inline
    tags vanish, every other tag becomes a space, so "</p><p>" still splits words. Entities
    stay: the text search parser skips them."""
    inline_gone = _regexp_replace(F(field), INLINE_TAG_PATTERN, "", "gi")
    return _regexp_replace(inline_gone, TAG_PATTERN, " ", "g")


def vector():
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("excerpt", weight="B", config=CONFIG)
        + SearchVector(_text_of("body"), weight="C", config=CONFIG)
    )


def write(queryset):
    """Refresh the vectors of `queryset` and add their words to the vocabulary."""
    # The category and tags count like the excerpt (weight B).
    named = SearchVector(labels("postgresql"), weight="B", config=CONFIG)
    written = queryset.update(search_vector=vector() + named)
    inner, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TERMS} (term) SELECT DISTINCT unnest(tsvector_to_array("
            f"search_vector)) FROM blog_article WHERE id IN ({inner}) ON CONFLICT DO NOTHING",
            params,
        )
    return written


def ranked_ids(queryset, text, limit, candidates):
    """Ids of the best `limit` articles for `text` (websearch syntax), best first.

    ts_rank scores only the newest `candidates` matches: the GIN index (or the primary key
    read backwards, when most articles match) finds them without ranking, and ranking
    reads each match's stored vector, so a query matching most of a large blog would
    score thousands of rows for a page of ten. A query matching fewer articles is ranked
    in full. The headline is made for the page shown (blog.search)."""
    held, held_params = rows_held(queryset)
    connection = connections[queryset.db]
    # Written out rather than built with the ORM, whose query took a third of the time
    # PostgreSQL took to answer it. The values go into the text as literals: as parameters
    # of a prepared statement they would soon meet PostgreSQL's generic plan, which cannot
    # know that most articles match and reads them all (12 ms instead of 4).
    sql = connection.ops.compose_sql(
        "SELECT id FROM (SELECT id, published_at, ts_rank(search_vector, query) AS rank "
        f"FROM {queryset.model._meta.db_table}, websearch_to_tsquery(%s, %s) AS query "
        f"WHERE search_vector @@ query AND {held} ORDER BY id DESC LIMIT %s) AS newest "
        "ORDER BY rank DESC, published_at DESC, id DESC LIMIT %s",
        [CONFIG, text, *held_params, candidates, limit],
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def similar_terms(using, term, count):
    """Vocabulary words spelled like `term`, most similar first (trigrams with pg_trgm)."""
    with connections[using].cursor() as cursor:
        if _trigrams(using, cursor):
            cursor.execute(
                f"SELECT term FROM {TERMS} WHERE term %% %s "
                "ORDER BY similarity(term, %s) DESC, term LIMIT %s",
                [term, term, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT term FROM {TERMS} WHERE term >= %s AND term < %s",
            [term[0], chr(ord(term[0]) + 1)],
        )
        terms = [row[0] for row in cursor.fetchall()]
    return difflib.get_close_matches(term, terms, n=count, cutoff=0.7)


def _trigrams(using, cursor):
    if using not in _has_trigrams:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        _has_trigrams[using] = cursor.fetchone() is not None
    return _has_trigrams[using]
