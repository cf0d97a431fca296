"""Rich text: sanitizing every stored body (articles, pages, editions), and its plain text.

CKEditor 4 is end of life, so the editor is not trusted: whatever it, an import or the
shell sends is reduced to this allow-list before it is stored.
"""

import html
import re

import nh3
from django.db import models

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "code", "pre", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Link types the author may set on a link in the editor (an affiliate link: "sponsored");
# every link gets noopener and noreferrer besides, whatever else its rel said.
AUTHOR_LINK_RELS = ("sponsored", "nofollow")
LINK_RELS = ("noopener", "noreferrer")
# Script and style content is dropped whole, not unwrapped into visible text.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "xml"}


def clean_html(html: str) -> str:
    """Return `html` reduced to the allow-list; links get rel="noopener noreferrer", after
    the author's own "sponsored" or "nofollow"."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        # nh3 can add a rel only by dropping the author's, so links get theirs below.
        link_rel=None,
        strip_comments=True,
    ).strip()
    return _LINK_START.sub(_link_rel, cleaned) if "<a" in cleaned else cleaned


# nh3 writes "<" and ">" inside attribute values and text as entities, and quotes every
# value with '"' (a '"' inside as &quot;): in its output each "<a" starts a link tag, the
# next ">" ends it, and ' rel="' starts the rel attribute.
_LINK_START = re.compile(r"<a(\s[^>]*)?>")
_REL = re.compile(r'\srel="([^"]*)"')


def _link_rel(match):
    attributes = match.group(1) or ""
    found = _REL.search(attributes)
    given = found.group(1).lower().split() if found else []
    rel = [kind for kind in AUTHOR_LINK_RELS if kind in given] + list(LINK_RELS)
    return f'<a{_REL.sub("", attributes)} rel="{" ".join(rel)}">'


class _Sanitized(str):
    """A value `pre_save` has just cleaned, on its way to `get_prep_value`."""


class RichTextField(models.TextField):
    """A text field that stores only sanitized HTML, whichever way a value is written.

    `save()` and `bulk_create()` clean in `pre_save`, which also puts the clean value on
    the instance; `update()`, `bulk_update()` and lookups clean in `get_prep_value`. A value
    passes both on a save, and is cleaned once (a long body costs a fraction of a ms).
    """

    def pre_save(self, model_instance, add):
        value = clean_html(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return _Sanitized(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if isinstance(value, _Sanitized):
            return str(value)
        return clean_html(value) if isinstance(value, str) else value


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
