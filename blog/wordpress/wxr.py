"""Reading WordPress export files (WXR 1.1 and 1.2) as a stream, in flat memory.

`scan()` reads the file once for what items refer to (attachments, authors, categories)
and to check it is WXR at all; `iter_items()` then yields one post at a time. Each entry
below <channel> is dropped as soon as it is read, and `_Stream` bounds what one entry may
hold (bytes, elements, depth), so neither a huge nor a hostile file fills the memory.
"""

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from blog.wordpress.media import safe_path, upload_path

SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# WordPress wrote both spellings over the years; exports of either are the same format.
_NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
# Limits far above what WordPress writes (an item nests 4 deep; a long post with its
# comments is a few MB) and far below what would exhaust the memory.
MAX_DEPTH = 12
MAX_ENTRY_BYTES = 16 * 1024**2
MAX_ENTRY_ELEMENTS = 50_000
MAX_ENTRIES = 200_000
# What the first pass keeps of attachments, authors and categories, all together.
MAX_KEPT_CHARS = 32 * 1024**2
CHUNK_BYTES = 64 * 1024


class WXRError(Exception):
    """The file cannot be imported; the message says why, in German."""


@dataclass
class Attachment:
    path: str  # below wp-content/uploads/
    alt: str


@dataclass
class Author:
    login: str
    email: str
    first_name: str
    last_name: str


@dataclass
class Term:
    slug: str
    name: str


@dataclass
class Site:
    """What the first pass learns about the whole export."""

    version: str = ""
    base_url: str = ""
    site_url: str = ""  # wp:base_site_url, where WordPress keeps wp-content/uploads
    authors: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)
    item_count: int = 0
    kept_chars: int = 0

    def keep(self, value, length):
        """A field of an author, category or attachment, within the first pass's budget."""
        value = value.strip()[:length]
        self.kept_chars += len(value)
        if self.kept_chars > MAX_KEPT_CHARS:
            raise _broken(
                "Sie beschreibt mehr Anhänge, Autorinnen und Kategorien, "
                "als ein Import fassen kann."
            )
        return value


@dataclass
class Item:
    post_id: int
    guid: str
    post_type: str
    status: str
    title: str
    link: str
    slug: str
    content: str
    excerpt: str
    creator: str
    post_date: str
    post_date_gmt: str
    password: str
    parent_id: int
    categories: list  # (slug, name) in the export's order
    tags: list  # names
    meta: dict

    def fingerprint(self):
        """The fields the import uses, in a stable shape for hashing."""
        return [
            self.post_type, self.status, self.title, self.link, self.slug, self.content,
            self.excerpt, self.creator, self.post_date, self.post_date_gmt,
            bool(self.password), self.categories, self.tags, self.meta.get("_thumbnail_id", ""),
        ]  # fmt: skip


@functools.cache
def _local_name(tag):
    """`{namespace}name` → `wp:name`, `content:encoded`, … whichever spelling the file uses.

    Cached: a file has a few dozen distinct tags, each met thousands of times.
    """
    if tag[:1] != "{":
        return tag
    uri, _, name = tag[1:].partition("}")
    for pattern, prefix in _NAMESPACES:
        if pattern.match(uri):
            return f"{prefix}:{name}"
    return name


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _children(element):
    """Child texts by local name (the first of each name wins)."""
    values = {}
    for child in element:
        values.setdefault(_local_name(child.tag), child.text or "")
    return values


def _int(value):
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _not_wxr():
    return (
        "Die Datei ist keine WordPress-Exportdatei (WXR). Bitte laden Sie die XML-Datei hoch, "
        "die WordPress unter Werkzeuge → Daten exportieren erzeugt."
    )


def _broken(detail):
    return WXRError(
        f"Die Datei ist beschädigt oder keine echte WordPress-Exportdatei: {detail} "
        "Bitte exportieren Sie sie in WordPress neu (Werkzeuge → Daten exportieren)."
    )


class _Stream:
    """The elements directly below <channel>, one at a time, within the limits above.

    Fed in chunks rather than through iterparse, so the bytes one entry takes are known
    while it is still being read: a single endless entry is refused before it fills the
    memory, not after.
    """

    def __init__(self, path):
        self.path = path
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.stack = []  # the elements being read, outermost first
        self.channel = None
        self.entries = 0
        self.elements = 0  # of the current entry
        self.read = 0
        self.entry_start = 0

    def __iter__(self):
        try:
            with open(self.path, "rb") as source:
                while chunk := source.read(CHUNK_BYTES):
                    self.parser.feed(chunk)
                    self.read += len(chunk)
                    yield from self._entries()
                    if self.read - self.entry_start > MAX_ENTRY_BYTES:
                        raise _broken(f"Ein Eintrag ist größer als {_mb(MAX_ENTRY_BYTES)}.")
                self.parser.close()
                yield from self._entries()
        except ET.ParseError as error:
            line, column = error.position
            raise WXRError(
                f"Die Datei ist kein gültiges XML: Fehler in Zeile {line}, Spalte {column + 1}. "
                "Bitte exportieren Sie sie in WordPress neu (Werkzeuge → Daten exportieren)."
            ) from error
        except OSError as error:
            raise WXRError(f"Die Datei lässt sich nicht lesen: {error.strerror}.") from error

    def _entries(self):
        for event, element in self.parser.read_events():
            if event == "start":
                self._start(element)
            else:
                yield from self._end(element)

    def _start(self, element):
        self.stack.append(element)
        self.elements += 1
        if len(self.stack) == 1 and element.tag != "rss":
            raise WXRError(_not_wxr())
        if len(self.stack) == 2 and element.tag == "channel":
            self.channel = element
        if len(self.stack) > MAX_DEPTH:
            raise _broken(f"Die Elemente sind tiefer als {MAX_DEPTH} Ebenen verschachtelt.")
        if self.elements > MAX_ENTRY_ELEMENTS:
            raise _broken(f"Ein Eintrag hat mehr als {_number(MAX_ENTRY_ELEMENTS)} Elemente.")

    def _end(self, element):
        self.stack.pop()
        depth = len(self.stack)
        if (
            depth == 3
            and element.tag.endswith("}comment")
            and _local_name(element.tag) == "wp:comment"
        ):
            # Comments are not imported; only their bulk would stay until the item ends.
            self.stack[-1].remove(element)
            self.elements -= sum(1 for _ in element.iter())
        elif depth in (1, 2):
            # Whatever is not inside <channel> is read past and dropped just the same.
            if depth == 2 and self.stack[-1] is self.channel:
                yield _local_name(element.tag), element
            self.stack[-1].remove(element)
            self.elements = 0
            self.entry_start = self.read
            self.entries += 1
            if self.entries > MAX_ENTRIES:
                raise _broken(f"Sie hat mehr als {_number(MAX_ENTRIES)} Einträge.")


def _mb(size):
    return f"{size // 1024**2} MB"


def _number(count):
    return f"{count:,}".replace(",", ".")


def scan(path):
    """First pass: check the file is WXR and collect what items refer to."""
    site = Site()
    for name, element in _Stream(path):
        if name == "wp:wxr_version":
            site.version = _text(element)
        elif name == "wp:base_site_url":
            site.site_url = _text(element)
        elif name == "wp:base_blog_url" or (name == "link" and not site.base_url):
            site.base_url = _text(element)
        elif name == "wp:author":
            _add_author(site, _children(element))
        elif name == "wp:category":
            _add_category(site, _children(element))
        elif name == "item":
            site.item_count += 1
            _add_attachment(site, element)
    if not site.version:
        raise WXRError(_not_wxr())
    if site.version not in SUPPORTED_VERSIONS:
        raise WXRError(
            f"Diese WXR-Version ({site.version}) kennt der Import nicht; "
            "unterstützt werden 1.1 und 1.2."
        )
    site.site_url = site.site_url or site.base_url
    return site


# Field lengths as the import stores them (user names, e-mail addresses, category names).
def _add_author(site, values):
    login = site.keep(values.get("wp:author_login", ""), 150)
    if login:
        site.authors[login] = Author(
            login=login,
            email=site.keep(values.get("wp:author_email", ""), 254),
            first_name=site.keep(values.get("wp:author_first_name", ""), 150),
            last_name=site.keep(values.get("wp:author_last_name", ""), 150),
        )


def _add_category(site, values):
    slug = site.keep(values.get("wp:category_nicename", ""), 200)
    if slug:
        site.categories[slug] = Term(
            slug=slug, name=site.keep(values.get("wp:cat_name", ""), 200) or slug
        )


def _add_attachment(site, element):
    values = _children(element)
    if values.get("wp:post_type") == "attachment":
        meta = _postmeta(element)
        file = meta.get("_wp_attached_file", "").strip()
        path = safe_path(file) if file else upload_path(values.get("wp:attachment_url", ""))
        site.attachments[_int(values.get("wp:post_id", ""))] = Attachment(
            path=site.keep(path, 500),
            alt=site.keep(meta.get("_wp_attachment_image_alt", ""), 250),
        )


def _postmeta(element):
    meta = {}
    for child in element:
        if _local_name(child.tag) == "wp:postmeta":
            values = _children(child)
            meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
    return meta


def iter_items(path):
    """Second pass: yield every <item> of the export as an `Item`."""
    for name, element in _Stream(path):
        if name == "item":
            yield _item(element)


def _item(element):
    values = _children(element)
    categories, tags = [], []
    for child in element:
        if child.tag != "category":
            continue
        domain = child.get("domain", "")
        label = (child.text or "").strip()
        if domain == "category":
            categories.append((child.get("nicename", "").strip(), label))
        elif domain == "post_tag" and label:
            tags.append(label)
    return Item(
        post_id=_int(values.get("wp:post_id", "")),
        guid=values.get("guid", "").strip(),
        post_type=values.get("wp:post_type", "").strip(),
        status=values.get("wp:status", "").strip(),
        title=values.get("title", "").strip(),
        link=values.get("link", "").strip(),
        slug=values.get("wp:post_name", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        creator=values.get("dc:creator", "").strip(),
        post_date=values.get("wp:post_date", "").strip(),
        post_date_gmt=values.get("wp:post_date_gmt", "").strip(),
        password=values.get("wp:post_password", ""),
        parent_id=_int(values.get("wp:post_parent", "0")),
        categories=categories,
        tags=tags,
        meta=_postmeta(element),
    )
