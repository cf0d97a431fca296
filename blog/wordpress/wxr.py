"""Reading WordPress export files (WXR 1.1 and 1.2) as a stream, in constant memory.

`scan()` reads the file once for what items refer to (attachments, authors, categories)
and to check it is WXR at all; `iter_items()` then yields one post at a time. Elements are
dropped as soon as they are read, so a file of any size never sits in memory whole.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# WordPress wrote both spellings over the years; exports of either are the same format.
_NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]


class WXRError(Exception):
    """The file cannot be imported; the message says why, in German."""


@dataclass
class Attachment:
    url: str
    file: str
    alt: str


@dataclass
class Author:
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class Term:
    slug: str
    name: str
    parent: str


@dataclass
class Site:
    """What the first pass learns about the whole export."""

    version: str = ""
    base_url: str = ""
    authors: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)
    item_count: int = 0


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


def _local_name(tag):
    """`{namespace}name` → `wp:name`, `content:encoded`, … whichever spelling the file uses."""
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


def _events(path):
    try:
        yield from ET.iterparse(path, events=("start", "end"))
    except ET.ParseError as error:
        line, column = error.position
        raise WXRError(
            f"Die Datei ist kein gültiges XML: Fehler in Zeile {line}, Spalte {column + 1}. "
            "Bitte exportieren Sie sie in WordPress neu (Werkzeuge → Daten exportieren)."
        ) from error
    except OSError as error:
        raise WXRError(f"Die Datei lässt sich nicht lesen: {error.strerror}.") from error


def _walk(path):
    """Yield (name, element) for every finished element directly below <channel>.

    Each element is cleared and detached afterwards, so memory stays flat.
    """
    depth = 0
    channel = None
    for event, element in _events(path):
        if event == "start":
            depth += 1
            if depth == 1 and element.tag != "rss":
                raise WXRError(_not_wxr())
            if depth == 2 and element.tag == "channel":
                channel = element
            continue
        depth -= 1
        if depth == 2 and channel is not None:
            yield _local_name(element.tag), element
            channel.remove(element)


def _not_wxr():
    return (
        "Die Datei ist keine WordPress-Exportdatei (WXR). Bitte laden Sie die XML-Datei hoch, "
        "die WordPress unter Werkzeuge → Daten exportieren erzeugt."
    )


def scan(path):
    """First pass: check the file is WXR and collect what items refer to."""
    site = Site()
    for name, element in _walk(path):
        if name == "wp:wxr_version":
            site.version = _text(element)
        elif name == "wp:base_blog_url" or (name == "link" and not site.base_url):
            site.base_url = _text(element)
        elif name == "wp:author":
            values = _children(element)
            login = values.get("wp:author_login", "").strip()
            if login:
                site.authors[login] = Author(
                    login=login,
                    email=values.get("wp:author_email", "").strip(),
                    display_name=values.get("wp:author_display_name", "").strip(),
                    first_name=values.get("wp:author_first_name", "").strip(),
                    last_name=values.get("wp:author_last_name", "").strip(),
                )
        elif name == "wp:category":
            values = _children(element)
            slug = values.get("wp:category_nicename", "").strip()
            if slug:
                site.categories[slug] = Term(
                    slug=slug,
                    name=values.get("wp:cat_name", "").strip() or slug,
                    parent=values.get("wp:category_parent", "").strip(),
                )
        elif name == "item":
            site.item_count += 1
            values = _children(element)
            if values.get("wp:post_type") == "attachment":
                meta = _postmeta(element)
                site.attachments[_int(values.get("wp:post_id", ""))] = Attachment(
                    url=values.get("wp:attachment_url", "").strip(),
                    file=meta.get("_wp_attached_file", "").strip(),
                    alt=meta.get("_wp_attachment_image_alt", "").strip(),
                )
    if not site.version:
        raise WXRError(_not_wxr())
    if site.version not in SUPPORTED_VERSIONS:
        raise WXRError(
            f"Diese WXR-Version ({site.version}) kennt der Import nicht; "
            "unterstützt werden 1.1 und 1.2."
        )
    return site


def _postmeta(element):
    meta = {}
    for child in element:
        if _local_name(child.tag) == "wp:postmeta":
            values = _children(child)
            meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
    return meta


def iter_items(path):
    """Second pass: yield every <item> of the export as an `Item`."""
    for name, element in _walk(path):
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
