"""Article search: the same page on PostgreSQL and on SQLite, the embedded default.

PostgreSQL searches its stored `search_vector` (blog.search_postgres), SQLite an FTS5
table of the same stems (blog.search_sqlite); both rank with PostgreSQL's weights (title,
excerpt, body), and only the newest `CANDIDATES` matches, for the best `MAX_RESULTS`. The
highlighted snippet is made in Python for the page shown only, and "Meinten Sie …?" draws
on the index's own vocabulary when nothing matches.
"""

import copy
import re
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog import search_postgres, search_sqlite
from blog.search_words import Clause, parse, query_words, stem, wanted_stems
from core.cache import for_generation, for_generation_each

# A search shows its best 200 articles (20 pages); ranking stops there.
MAX_RESULTS = 200
# Ranking scores only the newest 500 matches (by id), so a query matching most of a big
# blog costs what one matching 500 articles does. The price: when more articles match,
# older ones are not ranked, however well they match (tests/blog/test_search_candidates.py);
# on a blog of 1,000 articles only a query matching half of them meets the bound. 1000
# cost new searches at 10,000 articles a quarter of their speed (README, issue 19). On
# SQLite drafts and scheduled articles count among the 500, on PostgreSQL only published.
CANDIDATES = 500
SNIPPET_WORDS = 30
SNIPPET_LEAD = 6  # words shown before the first hit
MAX_SUGGESTED_WORDS = 4
# Private-use characters mark the hits, so the snippet can be escaped before <mark> goes in.
HIT_START, HIT_END = "\ue000", "\ue001"
_HIT = re.compile(f"({HIT_START}|{HIT_END})")
_WORD = re.compile(r"[^\W_]+")
_WHOLE_WORD = re.compile(r"\S+")

# Kept where the model's index and migrations have always found them.
SearchVectorIndex = search_postgres.SearchVectorIndex
vector = search_postgres.vector


def _on_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def write_index(queryset):
    """Bring the search index of these rows up to date (after saves and bulk writes)."""
    if _on_postgres(queryset):
        return search_postgres.write(queryset)
    if connections[queryset.db].vendor == "sqlite":
        return search_sqlite.write(queryset)
    return 0


def forget(using, article_id):
    """Drop a deleted article from SQLite's index (PostgreSQL's vector goes with the row)."""
    if connections[using].vendor == "sqlite":
        search_sqlite.forget(using, article_id)


def search_index_tidy(using="default"):
    """Daily job, and after an import: SQLite's index in one piece again. PostgreSQL's GIN
    index needs nothing of us (autovacuum merges its pending entries)."""
    if connections[using].vendor != "sqlite":
        return "nichts zu tun"
    search_sqlite.optimize(using)
    return "Suchindex zusammengefasst"


def ranked_ids(queryset, text, limit=MAX_RESULTS):
    if _on_postgres(queryset):
        return search_postgres.ranked_ids(queryset, text, limit, CANDIDATES)
    return search_sqlite.ranked_ids(queryset, parse(text), limit, CANDIDATES)


def search(queryset, text):
    """Articles of `queryset` matching `text`, best first (at most MAX_RESULTS)."""
    return Ranked(queryset, ranked_ids(queryset, text))


class Ranked(Sequence):
    """Search results for a paginator: the ranked ids, their articles read a page (a slice)
    at a time. Ordering 200 ids in SQL (CASE … WHEN) cost more than the ranking itself."""

    def __init__(self, queryset, ids):
        self.queryset, self.ids, self.model = queryset, ids, queryset.model

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        wanted = self.ids[index]
        # The articles shown are kept in each process like page parts: a page of results
        # reads only those this process has not shown yet (loading ten articles cost more
        # than ranking a thousand). Copies, as the page gives each its own snippet.
        found = for_generation_each("search-result", wanted, self.queryset.in_bulk)
        return [copy.copy(found[pk]) for pk in wanted if pk in found]

    def __iter__(self):
        return iter(self[:])


def add_headlines(articles, text):
    """Give each article of the page shown a `headline`: body text around the hits."""
    wanted = wanted_stems(text)
    for article in articles:
        # Kept per article like a page part, in each process (making it costs less than a
        # write to the shared cache): a body is parsed once, not for every search.
        words = for_generation(
            f"body-words:{article.pk}", lambda a=article: Words(a.plain_text), shared=False
        )
        article.headline = snippet(words, wanted)


class Words:
    """A text and where each stem occurs among its words, kept compact, as each process
    keeps the body of every result it showed: about 30 KB for 1,000 words, where the list
    of the words alone took 70 KB."""

    def __init__(self, text):
        self.text = text
        # The words are found twice, for their starts and by split(): two passes in C took
        # less than one loop in Python doing both (0.45 against 0.55 ms a body).
        self.starts = array("I", [word.start() for word in _WHOLE_WORD.finditer(text)])
        # Each spelling is stemmed once, however often the text uses it.
        spelled = {}
        for at, word in enumerate(text.split()):
            spelled.setdefault(word, []).append(at)
        self.positions = {}
        for word, places in spelled.items():
            for word_stem in _stems_of(word):
                self.positions.setdefault(word_stem, array("I")).extend(places)

    def __len__(self):
        return len(self.starts)

    def between(self, start, end):
        """The words from number `start` up to (without) number `end`."""
        stop = self.starts[end] if end < len(self) else len(self.text)
        return self.text[self.starts[start] : stop].split()


def snippet(text, wanted):
    """About SNIPPET_WORDS of the `Words` of a text where most hits are, hits between HIT
    marks; "" when the text has none (the hit was in the title or excerpt)."""
    found = {at for word_stem in wanted for at in text.positions.get(word_stem, ())}
    if not found:
        return ""
    hits = sorted(found)
    best, most = hits[0], 0
    for at, first in enumerate(hits):
        within = bisect_left(hits, first + SNIPPET_WORDS - SNIPPET_LEAD) - at
        if within > most:
            best, most = first, within
    start = max(0, best - SNIPPET_LEAD)
    end = min(len(text), start + SNIPPET_WORDS)
    shown = [
        _marked(word, wanted) if at in found else word
        for at, word in enumerate(text.between(start, end), start)
    ]
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(text) else "")


@lru_cache(maxsize=100_000)
def _stems_of(word):
    """The stems in a word of running text ("Kinder," or "Eltern-Kind-Zeit")."""
    return frozenset(stem(part) for part in _WORD.findall(word.lower()))


def _marked(word, wanted):
    def mark(match):
        part = match.group()
        return f"{HIT_START}{part}{HIT_END}" if stem(part.lower()) in wanted else part

    return _WORD.sub(mark, word)


def highlighted(headline):
    """Safe HTML of a snippet: the text escaped, the hits in <mark>."""
    parts = []
    for part in _HIT.split(headline or ""):
        if part == HIT_START:
            parts.append("<mark>")
        elif part == HIT_END:
            parts.append("</mark>")
        else:
            parts.append(escape(part))
    return mark_safe("".join(parts))


def suggestion(queryset, text):
    """A query like `text` spelled as the index spells it that finds something, or None:
    each word the index lacks becomes its most similar indexed word ("Meinten Sie …?")."""
    words = query_words(text)
    if not words or len(words) > MAX_SUGGESTED_WORDS:
        return None
    backend = search_postgres if _on_postgres(queryset) else search_sqlite
    suggested = []
    for word in words:
        similar = backend.similar_terms(queryset.db, stem(word), 5)
        if not similar or stem(word) in similar:
            suggested.append(word)
        else:
            suggested.append(_spelling(queryset, similar[0]))
    proposal = " ".join(suggested)
    if proposal == " ".join(words) or not ranked_ids(queryset, proposal, 1):
        return None
    return proposal


def _spelling(queryset, term):
    """How an article writes the indexed stem `term` (the stem itself if none does)."""
    if _on_postgres(queryset):
        found = queryset.filter(search_vector=SearchQuery(term, config="simple"))
        ids = list(found.values_list("pk", flat=True)[:1])
    else:
        clause = Clause(((term,),), excluded=False)
        ids = search_sqlite.ranked_ids(queryset, [clause], 1, CANDIDATES)
    found = queryset.filter(pk__in=ids).select_related(None).only("title", "excerpt", "body")
    for article in found:
        for word in _WORD.findall(f"{article.title} {article.excerpt} {article.plain_text}"):
            if stem(word.lower()) == term:
                return word.lower()
    return term
