"""WordPress's `wpautop()` in Python: paragraphs from blank lines, as WordPress shows them.

Classic-editor posts are stored without <p> tags; WordPress adds them on output with these
rules (wp-includes/formatting.php). Block-editor posts already carry their markup and
WordPress leaves them alone, and so does `needs_autop()`.
"""

import re

_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
# Tags and comments, so newlines inside them can be protected (wp_html_split).
_HTML_SPLIT = re.compile(r"(<(?:!--(?:-(?!->)|[^-])*(?:-->)?|[^>]*>?))")
_NEWLINE_MARK = " <!-- wpnl --> "
_PRESERVED_NEWLINE = "<WPPreserveNewline />"


def needs_autop(text):
    """WordPress skips autop for block-editor content (it has its own paragraphs)."""
    return "<!-- wp:" not in text


def _protect_pre(text):
    """Take <pre> blocks out, so their line breaks stay as they are."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    pre_tags = {}
    rebuilt = []
    for part in parts:
        start = part.find("<pre")
        if start == -1:
            rebuilt.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
        pre_tags[name] = part[start:] + "</pre>"
        rebuilt.append(part[:start] + name)
    rebuilt.append(last)
    return "".join(rebuilt), pre_tags


def _mark_newlines_in_tags(text):
    parts = _HTML_SPLIT.split(text)
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace("\n", _NEWLINE_MARK)
    return "".join(parts)


def autop(text, br=True):
    """Return `text` with paragraphs and line breaks as WordPress would render them."""
    if not text.strip():
        return ""
    text, pre_tags = _protect_pre(text + "\n")
    text = _separate_blocks(text)
    text = _hug_inline_containers(text)
    text = _paragraphs(text)
    if br:
        text = _line_breaks(text)
    text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text


def _separate_blocks(text):
    """Blank lines around every block tag, so each block stands apart from the text."""
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _mark_newlines_in_tags(text)


def _hug_inline_containers(text):
    """No paragraphs or breaks inside <select>, <object>, media and figure captions."""
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return text


def _paragraphs(text):
    """Each run of text between blank lines in <p>, then block tags taken back out of them."""
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)", r"\1", text)
    return re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)


def _line_breaks(text):
    """Single newlines become <br />, except inside script, style, svg and math."""
    text = re.sub(
        r"<(script|style|svg|math).*?</\1>",
        lambda m: m.group(0).replace("\n", _PRESERVED_NEWLINE),
        text,
        flags=re.DOTALL,
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    return text.replace(_PRESERVED_NEWLINE, "\n")
