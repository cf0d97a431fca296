"""Related articles ("Ähnliche Beiträge"): which published articles a reader should see next.

Relevance comes mostly from the German text. Title, excerpt and body (HTML stripped) are
cut into words, stop words dropped, the rest stemmed with snowballstemmer. German glues
words together (Einschlafen, Mittagsschlaf, Schlafenszeit), so every stem also yields its
letter 4-grams, which let compounds meet their parts. Article vectors are log-tf and
length-normalised (SMART "lnc") and need no corpus statistics, so one changed article
never forces re-weighting the others; the query side carries the idf, squared as in a
tf-idf cosine, so a rare word in common counts far more than a frequent one. One round of
pseudo-relevance feedback (the query absorbs its two best matches) makes the topic count
more than a stray word. Shared tags, the same category and a light preference for
articles written around the same time are added on top, so an article without text
neighbours still gets sensible ones.

Everything is computed in Python from stored rows and written to `RelatedArticle`, after
the author's own picks; the page reads the stored list in one plain query (`related_for`).
A fixed summation order and a total sort order make the lists identical on SQLite and
PostgreSQL.
"""

import html
import math
import re
import sys
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import snowballstemmer
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, F, Max, Sum
from taggit.models import TaggedItem

from blog.models import Article, RelatedArticle, RelatedPick
from core.cache import pages_changed
from core.demo_registry import register

# Words too common to tell articles apart; shorter ones never reach the check (see _WORD).
# fmt: off
STOP_WORDS = frozenset("""
aber alle allem allen aller alles als also ander andere anderem anderen anderer anderes
anders auch auf aus bei beide beiden beim bin bis bist bitte bleibt bloß bzw dabei
dadurch dafür dagegen daher damit danach dann daran darauf daraus darf darfst darin
darum darüber das dass dasselbe davon davor dazu dein deine deinem deinen deiner dem den
denen denn dennoch der deren derselbe des desselben deshalb dessen dich die dies diese
dieselbe dieselben diesem diesen dieser dieses dir doch dort durch eben ebenso ein eine
einem einen einer eines einfach einige einigen einiger einiges einmal etwa etwas euch
euer eure eurem euren eurer für gar gegen gehen geht gerade gern gibt gilt ging hab habe
haben hat hatte hatten hätte hätten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem
ihren ihrer ihres immer indem ins ist jede jedem jeden jeder jedes jedoch jemand jene
jenem jenen jener jenes jetzt kann kannst kaum kein keine keinem keinen keiner keines
können könnt könnte könnten lässt man manche manchem manchen mancher manches mehr mein
meine meinem meinen meiner meist meistens mich mir mit muss musst müssen müsst nach
nachdem nein nicht nichts noch nun nur oder oft ohne schon sehr sein seine seinem seinen
seiner seit selbst sich sie sind solche solchem solchen solcher soll sollen sollte
sollten sondern sonst statt trotzdem über und uns unser unsere unserem unseren unserer
unter viel viele vielen vieles vielleicht vom von vor wann war waren warum was weder
weil welche welchem welchen welcher welches wenn wer werde werden wie wieder will wir
wird wirst wollen wollte wollten worden wurde wurden während würde würden zum zur zwar
zwischen ganz genau wirklich eigentlich natürlich bereits lange macht machen wenig
weniger klar heißt sagen sagt steht stehen lassen bekommen kommt kommen dürfen tun tut
zeit tag tage tagen woche wochen monat monate monaten jahr jahre jahren stunde stunden
minute minuten uhr erste ersten erster erstes zweite zweiten dritte dritten nächste
nächsten letzte letzten neu neue neuen neuer neues gut gute guten guter besser beste
groß große großen großer klein kleine kleinen kleiner eigen eigene eigenen eigener
eigenes plötzlich sofort zuerst später heute morgens abends seitdem inzwischen manchmal
halbe halben fast kurz kurze kurzen weg hilft geholfen helfen half sehen sah gesagt
sagte zeigt zeigte möchte möchten gemacht gemeinsam gemeinsame zurück wenige wenigen
paar bisschen ganze ganzen lang länger langen schnell schneller leicht schwer schwierig
wichtig wichtiger geben gab gegeben genommen nehmen nimmt bleiben blieb liegt liegen lag
gehört hören erst zwei drei vier fünf sechs sieben acht neun zehn durfte durften konnte
konnten musste mussten kam kamen niemand unseres klingt kennt kennen ehrlich ehrlichen
wäre wären
""".split())  # noqa: SIM905 (a word list reads best as text)
# fmt: on

TITLE_WEIGHT = 2  # a word in the title counts like two in the body
EXCERPT_WEIGHT = 2
GRAM = 4  # letters per compound part; 4 measured best on the evaluation corpus
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
MANY_LISTS = 1000  # recomputing more lists than this reads all articles at once

_WORD = re.compile(r"[^\W\d_]{3,}")
_TAG = re.compile(r"<[^>]*>")
_stemmer = snowballstemmer.stemmer("german")
_stems: dict[str, str] = {}
_grams: dict[str, tuple[str, ...]] = {}


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


def strip_html(text):
    return html.unescape(_TAG.sub(" ", text or ""))


def stem(word):
    try:
        return _stems[word]
    except KeyError:
        # Interned, so the same stem in thousands of articles is one string in memory.
        result = _stems[word] = sys.intern(_stemmer.stemWord(word))
        return result


def grams(term):
    try:
        return _grams[term]
    except KeyError:
        padded = f"_{term}_"
        result = _grams[term] = tuple(
            sys.intern("#" + padded[i : i + GRAM]) for i in range(len(padded) - GRAM + 1)
        )
        return result


def words(text):
    """Lowercase words of `text` without stop words, with their stems: [(stem, word), …]."""
    pairs = []
    for match in _WORD.finditer(strip_html(text).lower()):
        word = match.group()
        if word not in STOP_WORDS:
            pairs.append((stem(word), word))
    return pairs


def analyse(title, excerpt, body):
    """An article's lnc vector (log tf, cosine-normalised) and the first spelling of each
    stem, to explain a match in plain words: ({term: weight}, {stem: word})."""
    counts = defaultdict(int)
    spelling = {}
    for text, weight in ((title, TITLE_WEIGHT), (excerpt, EXCERPT_WEIGHT), (body, 1)):
        for term, word in words(text):
            spelling.setdefault(term, word)
            counts[term] += weight
            for gram in grams(term):
                counts[gram] += weight
    vector = {term: 1 + math.log(count) for term, count in sorted(counts.items())}
    return _normalised(vector), spelling


def spelling_of(title, excerpt, body):
    """The first spelling of each stem, when the vector is already known."""
    spelling = {}
    for text in (title, excerpt, body):
        for term, word in words(text):
            spelling.setdefault(term, word)
    return spelling


def _normalised(vector):
    length = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / length for term, value in vector.items()}


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
        for term, (slots, weights) in pending.items():
            old_slots, old_weights = self.postings.get(term, (_NO_SLOTS, _NO_WEIGHTS))
            self.postings[term] = (
                np.concatenate([old_slots, np.array(slots, dtype=np.int32)]),
                np.concatenate([old_weights, np.array(weights, dtype=np.float64)]),
            )
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
        return _normalised({t: w for t, w in weighted.items() if w > 0})

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
        query = self.query_vector(vector)
        text = self.text_scores(query, vector)
        own = self.slots.get(source_id)
        if own is not None:
            text[own] = 0.0
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
            text = self.text_scores(expanded, vector)
            if own is not None:
                text[own] = 0.0

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
        total = np.round(np.minimum(text, 1.0) + bonus, 6)
        total[~self.alive] = -1.0
        if own is not None:
            total[own] = -1.0

        order = np.lexsort((self.slot_pk, -self.when, -total))
        result = []
        for slot in order[:limit]:
            if total[slot] < 0:
                break
            result.append(
                Candidate(
                    int(self.slot_pk[slot]),
                    float(total[slot]),
                    self._reason(slot, query, spelling, text[slot], shared, category_id),
                )
            )
        return result

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
_index = Index()


def _stored_length():
    # Computed entries the author picked move up among her picks, and the page hides
    # scheduled articles until their time comes: spares keep the list full.
    return 3 * shown_count()


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


def _rank_articles(article_ids):
    """Rank candidates for each article (all when `article_ids` is None): {id: [Candidate]}."""
    _index.refresh()
    own_tags, holders = _tags_of(article_ids)
    tag_slots = {}

    def slots_of(name):
        # Per tag once per batch: in a rebuild, thousands of articles share each tag.
        if name not in tag_slots:
            slots = sorted(_index.slots[pk] for pk in holders[name] if pk in _index.slots)
            tag_slots[name] = (np.array(slots, dtype=np.int64), frozenset(slots))
        return tag_slots[name]

    rows = Article.objects.order_by("pk").values_list(
        "pk", "title", "excerpt", "body", "category_id", "published_at"
    )
    if article_ids is not None:
        rows = rows.filter(pk__in=article_ids)
    ranked = {}
    for pk, title, excerpt, body, category_id, published_at in rows.iterator(chunk_size=500):
        if pk in _index.vectors:
            terms, weights = _index.vectors[pk]
            vector = dict(zip(terms, weights.tolist(), strict=True))
            spelling = spelling_of(title, excerpt, body)
        else:
            vector, spelling = analyse(title, excerpt, body)
        ranked[pk] = _index.rank(
            pk,
            vector,
            spelling,
            tags={name: slots_of(name) for name in own_tags.get(pk, ())},
            category_id=category_id,
            published=published_at.timestamp(),
            limit=_stored_length(),
        )
    return ranked


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
    # Plain SQL: QuerySet.delete() sends a signal per row (the page cache listens to every
    # model), 100,000 of them in a rebuild, and the cache is renewed once by the caller.
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
        ranked = {pk: c for pk, c in _rank_articles(None).items() if pk in wanted}
    else:
        ranked = _rank_articles(sorted(wanted))
    _store(ranked, everything=many)
    return len(ranked)


def related_lists_update_for(*, article_id):
    """After `article_id` was saved, published, unpublished or deleted: recompute its own
    list, every list that shows it and, while it is published, the lists of the articles
    it is most similar to (similarity runs both ways often enough to find them)."""
    showing = set(
        RelatedArticle.objects.filter(related=article_id).values_list("article", flat=True)
    )
    ranked = _rank_articles([article_id])
    affected = set(showing)
    if article_id in _index.slots:
        affected.update(c.related_id for c in ranked.get(article_id, []))
    affected.discard(article_id)
    ranked.update(_rank_articles(sorted(affected)))
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
    _index.clear()
    ranked = _rank_articles(None)
    _store(ranked, everything=True)
    return len(ranked)


@register("Ähnliche Beiträge", order=25)
def seed_demo():
    """Right after the demo articles, so their pages show related ones before any worker ran."""
    return f"{related_lists_rebuild()} Listen berechnet"
