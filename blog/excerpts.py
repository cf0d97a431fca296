"""The automatic excerpt: the first sentences of an article's opening paragraphs.

Headings, list items, captions and later sections are not the opening, so they stay out
("…ausgeht. Was uns hilft Drei Dinge…" was what a plain text of the whole body gave).
"""

import re

import lxml.html
from lxml import etree

from core.richtext import html_to_text

MIN_LENGTH = 160  # about two lines of a card: sentences are added until this is reached
MAX_LENGTH = 300  # a longer first sentence is cut at a word before this, with "…"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_TRAILING = "-–—,;:( "


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def opening_paragraphs(markup):
    """Plain text of the top-level paragraphs before the first heading that follows text
    (the opening, not the next section); the whole text if there are no paragraphs."""
    if not markup or not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except etree.ParserError:
        return [html_to_text(markup)]
    texts = []
    for element in root.iterchildren():
        if element.tag in HEADINGS and texts:
            break
        if element.tag == "p" and (
            text := html_to_text(lxml.html.tostring(element, encoding="unicode"))
        ):
            texts.append(text)
    return texts or [html_to_text(markup)]


def automatic_excerpt(markup):
    """Whole sentences of the opening paragraphs, at least MIN_LENGTH characters where the
    text has them; a sentence running past MAX_LENGTH ends at a word with "…"."""
    summary = ""
    for paragraph in opening_paragraphs(markup):
        for sentence in _SENTENCE_END.split(paragraph):
            summary = f"{summary} {sentence}".strip()
            if len(summary) >= MIN_LENGTH:
                return _cut(summary)
    return _cut(summary)


def _cut(text):
    if len(text) <= MAX_LENGTH:
        return text
    head = text[:MAX_LENGTH]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(_TRAILING) + " …"
