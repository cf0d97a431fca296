"""Rich text: sanitizing every stored body (articles, pages, editions), and its plain text.

CKEditor 4 is end of life, so the editor is not trusted: whatever it, an import or the
shell sends is reduced to this allow-list before it is stored.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "code", "pre", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Script and style content is dropped whole, not unwrapped into visible text.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "xml"}


def clean_html(html: str) -> str:
    """Return `html` reduced to the allow-list; links get rel=noopener."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# Inline elements may sit inside a word ("Mark<sup>up</sup>", "Mittags<em>schlaf</em>");
# every other tag ends one ("</p><p>", "<br>"). The patterns are SQL-ready too: blog's
# search vector applies the same two steps in PostgreSQL (regexp_replace, flag "i").
INLINE_TAG_PATTERN = r"</?(?:a|abbr|b|code|em|i|s|span|strong|sub|sup|u)(?:[\s/][^>]*)?>"
TAG_PATTERN = r"<[^>]*>"
_INLINE_TAG = re.compile(INLINE_TAG_PATTERN, re.IGNORECASE)
_TAG = re.compile(TAG_PATTERN)


def html_to_text(markup: str) -> str:
    """The words of `markup` as one line of plain text: tags out, entities decoded,
    white space folded. For word counts, summaries, titles and the related articles."""
    if not markup:
        return ""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", markup))
    return " ".join(html.unescape(text).split())
