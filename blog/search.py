"""Article search: PostgreSQL full text with the german configuration, a plain fallback elsewhere.

On PostgreSQL every article keeps a stored, GIN-indexed `search_vector` (title weight A,
excerpt B, body text C), refreshed by `Article.save()` and by
`Article.objects.update_search_vector()` for rows written in bulk. Other databases (SQLite in
development and tests) search with `icontains` and show the same page without highlighting.
"""

import html
import re
import string

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections, models
from django.db.models import F, Func, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.richtext import INLINE_TAG_PATTERN, TAG_PATTERN

CONFIG = "german"
# The fallback ANDs one condition per word; a cap keeps a pasted essay from becoming a huge query.
MAX_FALLBACK_WORDS = 8
# Private-use characters mark the hits, so the snippet can be escaped before <mark> goes in.
HIT_START, HIT_END = "\ue000", "\ue001"
_HIT = re.compile(f"({HIT_START}|{HIT_END})")
_PUNCTUATION = string.punctuation + "„“”‚‘’»«…–"


class SearchVectorIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere a plain index, because SQLite knows no `USING gin`."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def is_full_text(queryset):
    return connections[queryset.db].vendor == "postgresql"


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


def search(queryset, text):
    """Articles of `queryset` matching `text`, best first, with a `headline` on PostgreSQL."""
    if is_full_text(queryset):
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return (
            queryset.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                headline=SearchHeadline(
                    _text_of("body"),
                    query,
                    config=CONFIG,
                    start_sel=HIT_START,
                    stop_sel=HIT_END,
                    min_words=15,
                    max_words=35,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-published_at", "-id")
        )
    # Roughly the websearch syntax: quotes are dropped, "-word" excludes the word.
    words = [(w.startswith("-"), w.strip(_PUNCTUATION)) for w in text.split()]
    words = [(excluded, word) for excluded, word in words if word][:MAX_FALLBACK_WORDS]
    if all(excluded for excluded, _ in words):
        return queryset.none()
    condition = Q()
    for excluded, word in words:
        condition &= ~_contains(word) if excluded else _contains(word)
    return queryset.filter(condition)


def _contains(word):
    return Q(title__icontains=word) | Q(excerpt__icontains=word) | Q(body__icontains=word)


def highlighted(headline):
    """Safe HTML of a PostgreSQL headline: the text escaped, the hits in <mark>."""
    parts = []
    for part in _HIT.split(headline or ""):
        if part == HIT_START:
            parts.append("<mark>")
        elif part == HIT_END:
            parts.append("</mark>")
        else:
            # The text comes from stored HTML, so its entities are decoded before escaping.
            parts.append(escape(_HIT.sub("", html.unescape(part))))
    return mark_safe("".join(parts))
