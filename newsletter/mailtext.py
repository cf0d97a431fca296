"""An edition's sanitized body made fit for mail: absolute links, no images, a text part.

The caller passes the body through `core.richtext.clean_html`, so it only holds the
allow-listed tags with well-formed attributes; these parsers rely on that and are no
sanitizers.
"""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

VOID_TAGS = {"br", "hr", "img"}
_BLOCK_TAGS = {"p", "ul", "ol", "figure", "figcaption", "table", "tr", "pre", "h2", "h3", "h4"}
_UNDERLINE = {"h2": "=", "h3": "-", "h4": "-"}


# Readers arriving from a mail are counted as such by the statistics (stats.js reads it).
CAMPAIGN = {"utm_source": "elternpost"}


def absolute(url, base):
    """Relative links from the editor (`/artikel/…/`) work in a mail client only absolute;
    links to our own pages carry the newsletter's campaign."""
    if not url or url.startswith("mailto:"):
        return url
    return with_campaign(urljoin(base + "/", url), base)


def with_campaign(url, base):
    """`url` with utm_source=elternpost when it is one of our reading pages."""
    parts = urlsplit(url)
    if not url.startswith(base + "/") or parts.path.startswith("/newsletter/"):
        return url
    query = "&".join(filter(None, [parts.query, urlencode(CAMPAIGN)]))
    return urlunsplit(parts._replace(query=query))


class _MailHTML(HTMLParser):
    """Re-emits the body with absolute URLs and each image replaced by a link.

    An image in a mail is loaded from our server when the mail is opened: an external
    resource and, in effect, an open tracker. The reader gets a link to the web version.
    """

    def __init__(self, base, web_url):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.web_url = web_url
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            alt = dict(attrs).get("alt") or "ohne Beschreibung"
            if self.web_url is None:  # a mail without a web version (the welcome mail)
                self.out.append(f"[Bild: {escape(alt)}]")
                return
            self.out.append(
                f'<a href="{escape(self.web_url)}">[Bild: {escape(alt)} – in der Webansicht]</a>'
            )
            return
        rendered = "".join(
            f' {name}="{escape(absolute(value, self.base) if name == "href" else value or "")}"'
            for name, value in attrs
        )
        self.out.append(f"<{tag}{rendered}>")

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def mail_html(body, *, base, web_url):
    parser = _MailHTML(base, web_url)
    parser.feed(body)
    parser.close()
    return "".join(parser.out)


class _PlainText(HTMLParser):
    """Plain text the way people write mail: blank lines, "- " lists, "> " quotes, (links)."""

    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.buffers = [[]]  # headings and quotes collect their text, then get dressed
        self.lists = []
        self.links = []
        self.in_pre = False

    def write(self, text):
        self.buffers[-1].append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        nested_list = tag in ("ul", "ol") and self.lists
        if tag in _BLOCK_TAGS and not nested_list:
            self.write("\n\n")
        if tag in _UNDERLINE or tag == "blockquote":
            self.buffers.append([])
        elif tag == "br":
            self.write("\n")
        elif tag == "hr":
            self.write("\n\n* * *\n\n")
        elif tag in ("ul", "ol"):
            self.lists.append(0 if tag == "ol" else None)
        elif tag == "li":
            number = self.lists[-1] if self.lists else None
            if number is not None:
                self.lists[-1] = number = number + 1
            marker = f"{number}. " if number is not None else "- "
            self.write("\n" + "  " * max(len(self.lists) - 1, 0) + marker)
        elif tag == "a":
            self.links.append((absolute(attrs.get("href") or "", self.base), len(self.text())))
        elif tag == "img" and attrs.get("alt"):
            self.write(f"[Bild: {attrs['alt']}]")
        elif tag == "pre":
            self.in_pre = True
        elif tag in ("td", "th"):
            self.write(" | ")

    def handle_endtag(self, tag):
        if tag in _UNDERLINE:
            heading = _squeeze(self.buffers.pop())
            self.write(f"\n\n{heading}\n{_UNDERLINE[tag] * len(heading)}\n\n")
        elif tag == "blockquote":
            quoted = _squeeze(self.buffers.pop())
            self.write("\n\n" + "\n".join(f"> {line}".rstrip() for line in quoted.split("\n")))
            self.write("\n\n")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self.write("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = self.text()[start:].strip()
            target = href.removeprefix("mailto:")
            if href and target != label:
                self.write(f" ({target})")
        elif tag == "pre":
            self.in_pre = False
        elif tag in _BLOCK_TAGS:
            self.write("\n\n")

    def handle_data(self, data):
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if self.text().endswith("\n") or not self.text():
                data = data.lstrip(" ")
        self.write(data)

    def text(self):
        return "".join(self.buffers[-1])


def _squeeze(parts):
    """Join, trim line ends, and allow at most one blank line in a row."""
    lines = [line.rstrip() for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def plain_text(body, *, base):
    parser = _PlainText(base)
    parser.feed(body)
    parser.close()
    while len(parser.buffers) > 1:  # an unclosed heading or quote still counts
        parser.buffers[-2].extend(parser.buffers.pop())
    return _squeeze(parser.buffers[0])
