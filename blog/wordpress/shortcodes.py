"""WordPress shortcodes and block comments, turned into plain HTML.

`[caption]` becomes <figure>/<figcaption>; every other shortcode belongs to a plugin this
blog does not have, so its tags are removed (the text between them stays) and the caller
warns about it. `<!-- wp:… -->` block comments only steer the block editor; an embed
block becomes its address alone in a paragraph, as the classic editor writes it.
"""

import re

from core.richtext import html_to_text

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# The block editor's embed: the address alone in a wrapper, which the page shows as a player.
_EMBED_BLOCK = re.compile(
    r"<figure\b[^>]*\bwp-block-embed\b[^>]*>\s*<div\b[^>]*>\s*(https?://[^\s<\"']+)\s*</div>"
    r"\s*(?:<figcaption\b[^>]*>(.*?)</figcaption>\s*)?</figure>",
    re.DOTALL,
)
_CAPTION = re.compile(r"\[caption(?P<attrs>[^\]]*)\](?P<content>.*?)\[/caption\]", re.DOTALL)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_IMAGE_THEN_TEXT = re.compile(
    r"((?:<a\s[^>]+>\s*)?<img\s[^>]+>(?:\s*</a>)?)(.*)", re.DOTALL | re.IGNORECASE
)
# Lower-case names only: "[Werbung]" or "[Anzeige]" in a German post is text, not code.
_SHORTCODE = re.compile(
    r"(?P<open>\[?)\[(?P<close>/?)(?P<name>[a-z][a-z0-9_-]*)(?=[\s\]/])"
    r"(?P<attrs>[^\[\]]*?)\](?P<end>\]?)"
)
_WRAPPED_FIGURE = re.compile(r"<p>\s*(<figure>.*?</figure>)\s*(?:<br />\s*)?</p>", re.DOTALL)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br\s*/?>|&nbsp;)*</p>\n?")


def remove_block_comments(text):
    return _BLOCK_COMMENT.sub("", text)


def unwrap_embeds(text):
    """An embed block becomes its address alone in a paragraph, as the classic editor has it."""
    return _EMBED_BLOCK.sub(
        lambda m: f"<p>{m.group(1)}</p>" + (f"\n<p>{m.group(2)}</p>" if m.group(2) else ""), text
    )


def _attributes(text):
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in
            _ATTRIBUTE.finditer(text)}  # fmt: skip


def _figure(match):
    attrs = _attributes(match.group("attrs"))
    content = match.group("content").strip()
    caption = attrs.get("caption", "")
    if not caption:
        found = _IMAGE_THEN_TEXT.match(content)
        if found:
            content, caption = found.group(1), found.group(2).strip()
    caption = re.sub(r"^(?:<br\s*/?>\s*)+|(?:\s*<br\s*/?>)+$", "", caption)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{content}{figcaption}</figure>"


def convert_shortcodes(text):
    """Return (html, names of the shortcodes that were removed)."""
    removed = []

    def drop(match):
        if match.group("open") and match.group("end"):
            # [[gallery]] is how WordPress writes a literal "[gallery]".
            return match.group(0)[1:-1]
        name = match.group("name")
        if name not in removed:
            removed.append(name)
        return match.group("open") + match.group("end")

    text = _CAPTION.sub(_figure, text)
    text = _SHORTCODE.sub(drop, text)
    text = _WRAPPED_FIGURE.sub(r"\1", text)
    text = _EMPTY_PARAGRAPH.sub("", text)
    return text, removed


def plain_text(text):
    """Titles and excerpts are plain text: tags out, entities (like &amp;) decoded."""
    return html_to_text(text)
