"""Article search on SQLite: an FTS5 table of stems, ranked by bm25.

FTS5 knows no German, so the table holds what `search_words.indexed_text` makes of title,
excerpt and body: stems without stop words, as PostgreSQL's german configuration stores
them. The table's rowid is the article's id. Rows are written by
`ArticleQuerySet.update_search_vector()` (saves and bulk writes) and removed by a signal
when an article is deleted (a trigger would vanish the next time a migration rebuilds
SQLite's article table). Migration 0016 creates the tables.
"""

import difflib

from django.db import connections

from blog.search_sql import labels, rows_held
from blog.search_words import indexed_text

TABLE = "blog_article_fts"
VOCABULARY = "blog_article_fts_vocabulary"
# PostgreSQL's ts_rank weights of title (A), excerpt (B) and body (C).
WEIGHTS = "1.0, 0.4, 0.2"
SCHEMA = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "title, excerpt, body, tokenize = 'unicode61 remove_diacritics 0')",
    f"CREATE VIRTUAL TABLE {VOCABULARY} USING fts5vocab({TABLE}, 'row')",
)
UNDO = (
    f"DROP TABLE IF EXISTS {VOCABULARY}",
    f"DROP TABLE IF EXISTS {TABLE}",
)
_CHUNK = 500  # SQLite caps the parameters of one statement


def write(queryset):
    """Index the articles of `queryset` anew; returns how many."""
    rows = (
        queryset.order_by()
        .annotate(labels=labels("sqlite"))
        .values_list("pk", "title", "excerpt", "body", "labels")
    )
    written = 0
    with connections[queryset.db].cursor() as cursor:
        batch = []
        for row in rows.iterator(chunk_size=_CHUNK):
            batch.append(row)
            if len(batch) == _CHUNK:
                written += _write(cursor, batch)
                batch = []
        written += _write(cursor, batch)
    return written


def _write(cursor, batch):
    if not batch:
        return 0
    marks = ", ".join(["%s"] * len(batch))
    cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", [row[0] for row in batch])
    # The category and tags count like the excerpt, as on PostgreSQL (weight B there).
    cursor.executemany(
        f"INSERT INTO {TABLE} (rowid, title, excerpt, body) VALUES (%s, %s, %s, %s)",
        [
            (pk, indexed_text(title), indexed_text(f"{excerpt} {named}"), indexed_text(body))
            for pk, title, excerpt, body, named in batch
        ],
    )
    return len(batch)


def optimize(using):
    """Merge the index's segments into one: each write adds a segment, and a search reads
    them all (one segment: ranking at 10,000 articles 10–14 % faster, tests/bench)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")


def forget(using, article_id):
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])


def match_expression(clauses):
    """The FTS5 query of parsed clauses; every stem quoted, so no input is syntax."""
    wanted = [_either(c) for c in clauses if not c.excluded]
    unwanted = [_either(c) for c in clauses if c.excluded]
    if not wanted:
        return ""
    return " AND ".join(wanted) + "".join(f" NOT {phrase}" for phrase in unwanted)


def _either(clause):
    phrases = [f'"{" ".join(stems)}"' for stems in clause.phrases]
    return phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})"


def ranked_ids(queryset, clauses, limit, candidates):
    """Ids of the best `limit` articles of `queryset` for the clauses, best first.

    bm25 ranks in the index alone, and only the newest `candidates` matches (the highest
    ids): its cost grows with every match it scores, and a query that matches most of a
    large blog would score thousands of rows for a page of ten. A query matching fewer
    articles is ranked in full. Whether the queryset (published articles) holds a ranked
    id is asked of the best `limit` only; drafts and scheduled articles are few, so the
    rest of the candidates is needed only when some of them were among the best."""
    match = match_expression(clauses)
    if not match:
        return []
    ranked = _ranked(queryset, match, candidates, limit)
    ids = [pk for pk, held in ranked if held]
    if len(ids) < limit and len(ranked) == limit:
        ranked = _ranked(queryset, match, candidates, candidates)
        ids += [pk for pk, held in ranked[limit:] if held]
    return ids[:limit]


def _ranked(queryset, match, candidates, limit):
    """[(id, whether `queryset` holds it)] of the best `limit`, best first, in one query."""
    held, params = rows_held(queryset)
    table = queryset.model._meta.db_table
    # The candidates as a range of rowids, which FTS5 reads as a range of its doclists:
    # `rowid IN (the newest …)` made it run the whole match again for every id.
    sql = (
        f"SELECT best.rowid, {table}.id IS NOT NULL AND {held} FROM ("
        f"SELECT rowid, bm25({TABLE}, {WEIGHTS}) AS score FROM {TABLE} WHERE {TABLE} MATCH %s "
        f"AND rowid >= (SELECT min(rowid) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} "
        "MATCH %s ORDER BY rowid DESC LIMIT %s)) ORDER BY score, rowid DESC LIMIT %s) AS best "
        f"LEFT JOIN {table} ON {table}.id = best.rowid ORDER BY best.score, best.rowid DESC"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*params, match, match, candidates, limit])
        return cursor.fetchall()


def similar_terms(using, term, count):
    """Indexed stems spelled like `term` (same first letter), most similar first."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {VOCABULARY} WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s",
            [term[0], chr(ord(term[0]) + 1), len(term) - 2, len(term) + 2],
        )
        terms = [row[0] for row in cursor.fetchall()]
    return difflib.get_close_matches(term, terms, n=count, cutoff=0.7)
