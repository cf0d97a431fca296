"""Hints for the author after she saves an article: what readers and search engines miss.

Never a reason to refuse a save; the admin shows them as warnings (blog/admin.py).
"""

from lxml import html

from core.richtext import html_to_text

# Search engines show about this many characters of a title.
TITLE_MAX_CHARS = 60
# A paragraph longer than this fills more than a phone's screen.
PARAGRAPH_MAX_WORDS = 150
HEADING_LEVELS = {"h2": 2, "h3": 3, "h4": 4}
QUOTED_CHARS = 40


def article_hints(article):
    """German hints on `article` as saved, in the order of the form."""
    hints = []
    if len(article.title) > TITLE_MAX_CHARS:
        hints.append(
            f"Der Titel hat {len(article.title)} Zeichen. Suchmaschinen zeigen etwa "
            f"{TITLE_MAX_CHARS}; was danach kommt, wird in den Suchergebnissen abgeschnitten."
        )
    if article.body and article.body.strip():
        root = html.fragment_fromstring(article.body, create_parent="div")
        hints += _image_hints(root) + _heading_hints(root) + _paragraph_hints(root)
    if article.sponsor_name.strip() and not article.sponsored:
        hints.append(
            f"Ein Auftraggeber ist eingetragen ({article.sponsor_name.strip()}), aber „Anzeige "
            "(bezahlter Inhalt)“ ist nicht angehakt: Bezahlte Beiträge müssen als Anzeige "
            "erkennbar sein."
        )
    if not article.excerpt.strip() and not article.meta_description.strip():
        hints.append(
            "Weder Anreißer noch Beschreibung für Suchmaschinen: Übersichten und Suchmaschinen "
            "nehmen dann die ersten Sätze des Textes. Zwei eigene Sätze wirken meist besser."
        )
    return hints


def _image_hints(root):
    missing = sum(1 for img in root.iter("img") if not (img.get("alt") or "").strip())
    if not missing:
        return []
    images = "Ein Bild im Text hat" if missing == 1 else f"{missing} Bilder im Text haben"
    return [
        f"{images} keinen Alternativtext. Beschreiben Sie im Bild-Dialog, was zu sehen ist: "
        "für Menschen, die das Bild nicht sehen können."
    ]


def _heading_hints(root):
    hints = []
    level = 1  # the article's title is the page's <h1>
    for heading in root.iter(*HEADING_LEVELS):
        found = HEADING_LEVELS[heading.tag]
        if found > level + 1:
            hints.append(
                f"Die Überschrift „{_quoted(heading)}“ ist eine Überschrift {found}, davor "
                f"steht keine Überschrift {found - 1}. Eine übersprungene Ebene verwirrt "
                "Vorleseprogramme; wählen Sie besser „Überschrift "
                f"{level + 1}“."
            )
        level = found
    return hints


def _paragraph_hints(root):
    hints = []
    for paragraph in root.iter("p"):
        words = len(html_to_text(html.tostring(paragraph, encoding="unicode")).split())
        if words > PARAGRAPH_MAX_WORDS:
            hints.append(
                f"Der Absatz „{_quoted(paragraph)}“ hat {words} Wörter. Auf dem Handy ist "
                f"das mehr als ein Bildschirm; ab {PARAGRAPH_MAX_WORDS} Wörtern lohnt es, "
                "ihn zu teilen."
            )
    return hints


def _quoted(element):
    text = " ".join(element.text_content().split())
    return text if len(text) <= QUOTED_CHARS else f"{text[:QUOTED_CHARS].rstrip()} …"
