"""The per-process index of every published article's vector, and the ranking on it.

Article vectors need no corpus statistics, so one changed article never forces
re-weighting the others; the query side carries the idf, squared as in a tf-idf cosine, so
a rare word in common counts far more than a frequent one. One round of pseudo-relevance
feedback (the query absorbs its two best matches) makes the topic count more than a stray
word. Shared tags, the same category and a light preference for articles written around
the same time are added on top, so an article without text neighbours still gets sensible
ones. A fixed summation order and a total sort order make the ranking identical on SQLite
and PostgreSQL.
"""

import math
from bisect import bisect_left
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Sum
from taggit.models import TaggedItem

from blog.models import Article
from blog.related.text import analyse, normalised, spelling_of

QUERY_TERMS = 120  # strongest terms of an article that form its "more like this" query
FEEDBACK_DOCUMENTS = 2
MAX_SHARE = 0.5  # share of articles above which a word counts as a stop word …
MIN_ARTICLES_FOR_SHARE = 200  # … once the blog has this many
MIN_TEXT_SCORE = 0.05  # below this the words in common are noise, not a reason
TAG_WEIGHT = 0.05  # per shared tag, scaled by how rare the tag is; tags are often wrong
MAX_SHARED_TAGS = 3  # named in a reason
CATEGORY_WEIGHT = 0.02
RECENCY_WEIGHT = 0.01  # a tie-break: written around the same time
RECENCY_DAYS = 60
REASON_WORDS = 3


@dataclass
class Candidate:
    related_id: int
    score: float
    reason: str


class Index:
    """Vectors of every published article (scheduled ones included), as postings per term.

    Kept per process and refreshed from `updated_at` stamps before each use, so the task
    worker re-reads only what changed. Scheduled articles are indexed so they appear in
    other lists the moment their time comes; `related_for` hides them until then.
    """

    def __init__(self):
        self.clear()

    def clear(self):
        self.stamps = {}  # article id → updated_at of the indexed version
        self.slots = {}  # article id → row in the arrays below
        self.free = []
        self.vectors = {}  # article id → (terms, weights)
        self.postings = {}  # term → (slots, weights), both numpy arrays
        self.slot_pk = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.category = np.zeros(0, dtype=np.int64)
        self.when = np.zeros(0, dtype=np.float64)
        self._idf = {}
        self._fingerprint = None

    def __len__(self):
        return len(self.stamps)

    def refresh(self):
        # Converting 10,000 timestamps costs more than a whole recompute, so a cheap
        # fingerprint decides first whether anything changed: every save moves updated_at,
        # and publishing, unpublishing or deleting moves the count or the id sum.
        # (`QuerySet.update()` bypasses updated_at: run `rebuild_related` after one.)
        fingerprint = Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(
            count=Count("pk"), ids=Sum("pk"), latest=Max("updated_at")
        )
        if fingerprint == self._fingerprint:
            return
        self._fingerprint = fingerprint
        self._idf = {}
        rows = list(
            Article.objects.filter(status=Article.Status.PUBLISHED).values_list(
                "pk", "updated_at", "category_id", "published_at"
            )
        )
        current = {pk: updated_at for pk, updated_at, _cat, _when in rows}
        changed = [pk for pk, updated_at in current.items() if self.stamps.get(pk) != updated_at]
        for pk in [pk for pk in self.stamps if pk not in current] + changed:
            self._remove(pk)
        pending = defaultdict(lambda: ([], []))
        for start in range(0, len(changed), 500):
            texts = Article.objects.filter(pk__in=changed[start : start + 500]).values_list(
                "pk", "title", "excerpt", "body"
            )
            for pk, title, excerpt, body in texts:
                vector, _spelling = analyse(title, excerpt, body)
                self._add(pk, vector, pending)
                self.stamps[pk] = current[pk]
        self._merge(pending)
        size = len(self.slots) + len(self.free)
        self.slot_pk = np.full(size, -1, dtype=np.int64)
        self.alive = np.zeros(size, dtype=bool)
        self.category = np.full(size, -1, dtype=np.int64)
        self.when = np.zeros(size, dtype=np.float64)
        for pk, _updated_at, category_id, published_at in rows:
            slot = self.slots.get(pk)
            if slot is None:  # deleted between the two queries; the next refresh drops it
                continue
            self.slot_pk[slot] = pk
            self.alive[slot] = True
            self.category[slot] = -1 if category_id is None else category_id
            self.when[slot] = published_at.timestamp()

    def _merge(self, pending):
        for term, (slots, weights) in pending.items():
            old_slots, old_weights = self.postings.get(term, (_NO_SLOTS, _NO_WEIGHTS))
            self.postings[term] = (
                np.concatenate([old_slots, np.array(slots, dtype=np.int32)]),
                np.concatenate([old_weights, np.array(weights, dtype=np.float64)]),
            )

    @contextmanager
    def counted(self, pk, vector, *, category_id, published):
        """Rank an article the index lacks (a draft) as if it were published: it counts in
        the idf and the number of articles, so the list it gets before publication is the
        one it keeps after it (readers may see it before the worker recomputes)."""
        if pk in self.slots:
            yield
            return
        pending = defaultdict(lambda: ([], []))
        self._add(pk, vector, pending)
        self.stamps[pk] = None
        self._merge(pending)
        slot = self.slots[pk]
        if slot >= len(self.slot_pk):
            grow = slot + 1 - len(self.slot_pk)
            self.slot_pk = np.concatenate([self.slot_pk, np.full(grow, -1, dtype=np.int64)])
            self.alive = np.concatenate([self.alive, np.zeros(grow, dtype=bool)])
            self.category = np.concatenate([self.category, np.full(grow, -1, dtype=np.int64)])
            self.when = np.concatenate([self.when, np.zeros(grow, dtype=np.float64)])
        self.slot_pk[slot] = pk
        self.category[slot] = -1 if category_id is None else category_id
        self.when[slot] = published
        self._idf = {}
        try:
            yield
        finally:
            self._remove(pk)
            self.slot_pk[slot] = -1
            self._idf = {}

    def _add(self, pk, vector, pending):
        slot = self.free.pop() if self.free else len(self.slots)
        self.slots[pk] = slot
        terms = tuple(vector)
        weights = np.fromiter(vector.values(), dtype=np.float64, count=len(terms))
        self.vectors[pk] = (terms, weights)
        for term, weight in vector.items():
            slots, values = pending[term]
            slots.append(slot)
            values.append(weight)

    def _remove(self, pk):
        self.stamps.pop(pk, None)
        slot = self.slots.pop(pk, None)
        if slot is None:
            return
        self.free.append(slot)
        self.free.sort(reverse=True)  # reuse the lowest slot first: same layout every run
        terms, _weights = self.vectors.pop(pk)
        for term in terms:
            slots, weights = self.postings[term]
            keep = slots != slot
            if keep.any():
                self.postings[term] = (slots[keep], weights[keep])
            else:
                del self.postings[term]

    def idf(self, term):
        try:
            return self._idf[term]
        except KeyError:
            postings = self.postings.get(term)
            share = len(postings[0]) / len(self) if postings else 1.0
            # In a large blog, words in most articles say little and cost the most: they
            # count as stop words. A small blog keeps them (its topic may be most of it).
            common = share > MAX_SHARE and len(self) >= MIN_ARTICLES_FOR_SHARE
            value = self._idf[term] = 0.0 if common else -math.log(share)
            return value

    def query_vector(self, vector):
        """The ltc side: idf-weighted and normalised, over terms other articles have."""
        weighted = {t: w * self.idf(t) for t, w in vector.items()}
        return normalised({t: w for t, w in weighted.items() if w > 0})

    def text_scores(self, query, vector):
        """Scores of every slot against `query`, relative to the source `vector`'s own.

        The idf counts on the article side too (as in a tf-idf cosine), so a rare word in
        common weighs much more than a frequent one."""
        every = list(query)
        strength = np.fromiter(query.values(), dtype=np.float64, count=len(every))
        # The strongest terms, ties and sums in the query's own (deterministic) order.
        chosen = np.sort(np.argsort(-strength, kind="stable")[:QUERY_TERMS]).tolist()
        terms = [every[i] for i in chosen]
        weights = [strength[i] * self.idf(every[i]) for i in chosen]
        itself = sum(w * vector.get(term, 0.0) for term, w in zip(terms, weights, strict=True))
        postings = [self.postings[term] for term in terms]
        if not postings:
            return np.zeros(len(self.slot_pk), dtype=np.float64)
        slots = np.concatenate([slots for slots, _values in postings])
        values = np.concatenate([values for _slots, values in postings]) * np.repeat(
            weights, [len(slots) for slots, _values in postings]
        )
        # bincount adds in array order, i.e. term by term: the same sums on every run.
        scores = np.bincount(slots, weights=values, minlength=len(self.slot_pk))
        return scores / itself if itself else scores

    def rank(self, source_id, vector, spelling, *, tags, category_id, published, limit):
        """The best `limit` candidates for an article, best first, each with its reason."""
        if not len(self):
            return []
        own = self.slots.get(source_id)
        query, text = self._similarity(vector, own)
        bonus, shared = self._bonus(own, tags, category_id, published)
        total = np.round(np.minimum(text, 1.0) + bonus, 6)
        total[~self.alive] = -1.0
        if own is not None:
            total[own] = -1.0

        order = np.lexsort((self.slot_pk, -self.when, -total))
        result = []
        for slot in order[:limit]:
            if total[slot] < 0:
                break
            reason = self._reason(slot, query, spelling, text[slot], shared, category_id)
            result.append(Candidate(int(self.slot_pk[slot]), float(total[slot]), reason))
        return result

    def _similarity(self, vector, own):
        """(query, text scores of every slot), the scores after one round of feedback: the
        query absorbs its best matches. The article's own slot scores nothing."""
        query = self.query_vector(vector)
        text = self._text_scores_but(own, query, vector)
        # Every slot scoring at least the n-th best, so ties are broken by id, not by layout.
        threshold = np.partition(text, -min(FEEDBACK_DOCUMENTS, len(text)))[-FEEDBACK_DOCUMENTS:]
        tied = np.flatnonzero(text >= max(threshold.min(), np.nextafter(0, 1)))
        best = sorted(tied, key=lambda s: (-text[s], self.slot_pk[s]))[:FEEDBACK_DOCUMENTS]
        if best:
            # Scores are relative to the source's own, so the sum needs no normalising.
            expanded = dict(query)
            for slot in best:
                terms, weights = self.vectors[int(self.slot_pk[slot])]
                neighbour = self.query_vector(dict(zip(terms, weights.tolist(), strict=True)))
                for term, weight in neighbour.items():
                    expanded[term] = expanded.get(term, 0.0) + weight / len(best)
            text = self._text_scores_but(own, expanded, vector)
        return query, text

    def _text_scores_but(self, own, query, vector):
        text = self.text_scores(query, vector)
        if own is not None:
            text[own] = 0.0
        return text

    def _bonus(self, own, tags, category_id, published):
        """(bonus of every slot for recency, category and shared tags, [(tag, members)])."""
        bonus = RECENCY_WEIGHT / (1 + np.abs(self.when - published) / (RECENCY_DAYS * 86400))
        if category_id is not None:
            bonus += np.where(self.category == category_id, CATEGORY_WEIGHT, 0.0)
        shared = []
        for name, (slots, members) in sorted(tags.items()):
            others = len(slots) - (own in members)
            if others <= 0:
                continue
            rarity = math.log(1 + len(self) / others) / math.log(1 + len(self))
            bonus[slots] += TAG_WEIGHT * max(rarity, 0.3)
            shared.append((name, members))
        return bonus, shared

    def _reason(self, slot, query, spelling, similarity, shared, category_id):
        reasons = []
        names = [name for name, members in shared if slot in members][:MAX_SHARED_TAGS]
        if names:
            reasons.append("gemeinsame Schlagwörter: " + ", ".join(names))
        if similarity >= MIN_TEXT_SCORE:
            terms, weights = self.vectors[int(self.slot_pk[slot])]
            common = []
            for term in spelling:  # the source's stems; the article's terms are sorted
                at = bisect_left(terms, term)
                if at < len(terms) and terms[at] == term and term in query:
                    common.append((-query[term] * weights[at], term))
            common.sort()
            if common:
                shown = [spelling[t] for _value, t in common[:REASON_WORDS]]
                reasons.append("ähnliche Wörter: " + ", ".join(shown))
            else:
                reasons.append("ähnliche Wortteile")
        if not reasons:
            same = category_id is not None and self.category[slot] == category_id
            reasons.append("gleiche Kategorie" if same else "zeitlich nah")
        return "; ".join(reasons)[:255]


_NO_SLOTS = np.zeros(0, dtype=np.int32)
_NO_WEIGHTS = np.zeros(0, dtype=np.float64)
process_index = Index()


def _tags_of(article_ids):
    """Tags of the given articles (or all): ({article id: [tag name]}, {tag name: [ids]})."""
    content_type = ContentType.objects.get_for_model(Article)
    items = TaggedItem.objects.filter(content_type=content_type)
    if article_ids is not None:
        items = items.filter(
            tag__in=TaggedItem.objects.filter(
                content_type=content_type, object_id__in=article_ids
            ).values("tag")
        )
    own = defaultdict(list)
    holders = defaultdict(list)
    rows = items.values_list("object_id", "tag__name").order_by("tag__name", "object_id")
    for object_id, name in rows:
        own[object_id].append(name)
        holders[name].append(object_id)
    return own, holders


def rank_articles(article_ids, *, limit):
    """Rank candidates for each article (all when `article_ids` is None): {id: [Candidate]}."""
    process_index.refresh()
    own_tags, holders = _tags_of(article_ids)
    tag_slots = {}

    def slots_of(name):
        # Per tag once per batch: in a rebuild, thousands of articles share each tag.
        if name not in tag_slots:
            slots = sorted(
                process_index.slots[pk] for pk in holders[name] if pk in process_index.slots
            )
            tag_slots[name] = (np.array(slots, dtype=np.int64), frozenset(slots))
        return tag_slots[name]

    rows = Article.objects.order_by("pk").values_list(
        "pk", "title", "excerpt", "body", "category_id", "published_at"
    )
    if article_ids is not None:
        rows = rows.filter(pk__in=article_ids)
    ranked = {}
    for pk, title, excerpt, body, category_id, published_at in rows.iterator(chunk_size=500):
        if pk in process_index.vectors:
            terms, weights = process_index.vectors[pk]
            vector = dict(zip(terms, weights.tolist(), strict=True))
            spelling = spelling_of(title, excerpt, body)
        else:
            vector, spelling = analyse(title, excerpt, body)
        tags = {name: slots_of(name) for name in own_tags.get(pk, ())}
        published = published_at.timestamp()
        with process_index.counted(pk, vector, category_id=category_id, published=published):
            ranked[pk] = process_index.rank(
                pk,
                vector,
                spelling,
                tags=tags,
                category_id=category_id,
                published=published,
                limit=limit,
            )
    return ranked
