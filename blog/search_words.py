"""The words search compares: PostgreSQL's german configuration, rebuilt in Python for SQLite.

Lowercased words lose PostgreSQL's German stop words and are stemmed with the snowball
stemmer the related articles use (blog/related/text.py), the algorithm of PostgreSQL's
german dictionary, so "Kinder" and "Kind" meet on both databases. A query follows
websearch syntax: words must all occur, "quoted words" in this order, -word not at all,
"a or b" either.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from core.richtext import html_to_text

# PostgreSQL's tsearch_data/german.stop, so both databases drop the same words.
# fmt: off
STOP_WORDS = frozenset("""
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den
des dem die das daß derselbe derselben denselben desselben demselben dieselbe dieselben
dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies
diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren
eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich
mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes
jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können
könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner
meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem
seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches
soll sollte sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von
vor während war waren warst was weg weil weiter welche welchem welchen welcher welches
wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur
zwar zwischen
""".split())  # noqa: SIM905 (a word list reads best as text)
# fmt: on

# A pasted essay must not become a huge query; PostgreSQL's websearch takes any length.
MAX_CLAUSES = 16
_WORD = re.compile(r"[^\W_]+")
_CLAUSE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=100_000)
def stem(word):
    """The stem of a lowercase word. (blog.related.text.stem keeps its own cache: importing
    it here would import the related package, which imports the models.)"""
    return _stemmer.stemWord(word)


def stems(text):
    """Stems of the words of plain `text` that are not stop words, in their order."""
    return [stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def indexed_text(markup):
    """What the SQLite index stores of a field: its stems, separated by spaces."""
    return " ".join(stems(html_to_text(markup)))


@dataclass(frozen=True)
class Clause:
    phrases: tuple  # alternatives ("a or b"), each one stem or stems in their order
    excluded: bool


def parse(text):
    """The clauses of a websearch-style query; clauses of stop words alone drop out."""
    clauses, either = [], False
    for match in _CLAUSE.finditer(text):
        phrase_minus, phrase, word_minus, word = match.groups()
        if phrase is None and word.lower() == "or":
            either = bool(clauses)
            continue
        found = tuple(stems(phrase if phrase is not None else word))
        excluded = bool(phrase_minus or word_minus)
        if not found:
            continue
        if either and not excluded and not clauses[-1].excluded:
            clauses[-1] = Clause((*clauses[-1].phrases, found), excluded=False)
        else:
            clauses.append(Clause((found,), excluded=excluded))
        either = False
    return clauses[:MAX_CLAUSES]


def wanted_stems(text):
    """Stems a hit must show in a snippet: those of the clauses not excluded."""
    return {s for clause in parse(text) if not clause.excluded for p in clause.phrases for s in p}


def query_words(text):
    """The query's own words (not stop words), lowercased, for "Meinten Sie …?"."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]
