"""Words of an article, the way the related engine compares them.

Title, excerpt and body (as plain text) are cut into words, stop words dropped, the rest
stemmed with snowballstemmer. German glues words together (Einschlafen, Mittagsschlaf,
Schlafenszeit), so every stem also yields its letter 4-grams, which let compounds meet
their parts. An article's vector is log-tf and length-normalised (SMART "lnc").
"""

import math
import re
import sys
from collections import defaultdict

import snowballstemmer

from core.richtext import html_to_text

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

_WORD = re.compile(r"[^\W\d_]{3,}")
_stemmer = snowballstemmer.stemmer("german")
_stems: dict[str, str] = {}
_grams: dict[str, tuple[str, ...]] = {}


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
    for match in _WORD.finditer(html_to_text(text).lower()):
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
    return normalised(vector), spelling


def spelling_of(title, excerpt, body):
    """The first spelling of each stem, when the vector is already known."""
    spelling = {}
    for text in (title, excerpt, body):
        for term, word in words(text):
            spelling.setdefault(term, word)
    return spelling


def normalised(vector):
    length = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / length for term, value in vector.items()}
