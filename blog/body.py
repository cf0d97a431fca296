"""What an article's stored HTML becomes on the page.

The body is stored as the author wrote it, sanitized (core/richtext.py). Presentation is
added at render time by the steps in STEPS: each a function `step(root, article)` that
changes the parsed fragment in place, with the text that must occur in the stored HTML for
it to have anything to do (a body none of them applies to is shown as stored, unparsed).
Add a step for anything new a body should do on the page. Steps only add attributes and
elements of their own making to sanitized HTML, so the result is safe to show.

What a step needs from files (an image's size, its renditions) is gathered when the article
is saved (`image_facts`) and stored on it, so rendering opens no file and makes no query.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe
from lxml import html

from blog import images, sponsored

# How wide a body image is shown: the text column, or the screen less its margins.
BODY_IMAGE_SIZES = "(min-width: 44rem) 40rem, calc(100vw - 2.2rem)"


def render(article):
    """The body as the page shows it (safe HTML)."""
    steps = [step for marker, step in STEPS if marker in article.body]
    if not steps:
        return mark_safe(article.body)
    root = html.fragment_fromstring(article.body, create_parent="div")
    for step in steps:
        step(root, article)
    # Serialized with its wrapper, which is cut off again: "<div>" … "</div>".
    return mark_safe(html.tostring(root, encoding="unicode")[5:-6])


def image_facts(body, known=None):
    """Size and renditions of each of our own images in `body`, by storage name.

    `known` holds the facts stored before; an image already in it is not opened again.
    Renditions missing so far are made here, once (uploads get theirs at once).
    """
    known = known or {}
    if "<img" not in (body or "") or settings.MEDIA_URL not in body:
        return {}  # no image of ours: nothing to parse (imports with thousands of posts)
    facts = {}
    root = html.fragment_fromstring(body, create_parent="div")
    for img in root.iter("img"):
        name = media_name(img.get("src", ""))
        if name and name not in facts:
            found = known.get(name) or images.body_image_prepare(name)
            if found:
                facts[name] = found
    return facts


def media_name(src):
    """The storage name of an upload from its address, or None for anything else."""
    site, media = settings.SITE_URL, settings.MEDIA_URL
    if src.startswith(f"{site}/") and not media.startswith(site):
        src = src[len(site) :]
    if src.startswith(media) and ".." not in src:
        return unquote(src[len(media) :].split("?", 1)[0]) or None
    return None


def is_own_origin(src):
    """Whether our Content-Security-Policy lets a browser load this image."""
    parts = urlsplit(src)
    if not parts.netloc:
        return not parts.scheme
    allowed = {urlsplit(settings.SITE_URL).netloc}
    for source in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]:
        allowed.add(urlsplit(source if "//" in source else f"//{source}").netloc)
    return parts.netloc in allowed


def body_images(root, article):
    """Our images: their size (no layout shift), lazy loading and WebP renditions.

    An image from another host is blocked by our CSP (an imported WordPress image not
    brought in yet): its alt text stands in its place instead of a broken-image icon.
    """
    for img in list(root.iter("img")):
        src = img.get("src", "")
        if not is_own_origin(src):
            _replace_with_alt_text(img)
            continue
        img.set("loading", "lazy")
        img.set("decoding", "async")
        name = media_name(src)
        facts = article.body_images.get(name) if name else None
        if facts:
            _add_size_and_renditions(img, name, facts)


def _replace_with_alt_text(img):
    alt = (img.get("alt") or "").strip()
    if not alt:
        img.drop_tree()  # decorative: nothing to say in its place
        return
    stand_in = html.Element("span", {"class": "image-missing"})
    stand_in.text = alt
    stand_in.tail = img.tail
    img.getparent().replace(img, stand_in)


def _add_size_and_renditions(img, name, facts):
    width, height = facts["size"]
    shown = img.get("width", "")
    if shown.isdigit() and not img.get("height") and int(shown) > 0:
        # The author chose a width in the editor; the height follows the picture's shape.
        img.set("height", str(round(height * int(shown) / width)))
    elif not (shown and img.get("height")):
        img.set("width", str(width))
        img.set("height", str(height))
    if facts["widths"]:
        img.set(
            "srcset",
            ", ".join(
                f"{default_storage.url(images.body_rendition_name(name, w))} {w}w"
                for w in facts["widths"]
            ),
        )
        img.set("sizes", BODY_IMAGE_SIZES)


def scrolling_tables(root, article):
    """A wide table scrolls inside its own box on a phone instead of widening the page;
    the box takes keyboard focus, so it scrolls without a mouse too."""
    for table in list(root.iter("table")):
        caption = table.find("caption")
        label = caption.text_content().strip() if caption is not None else ""
        box = html.Element(
            "div",
            {
                "class": "table-scroll",
                "role": "region",
                "tabindex": "0",
                "aria-label": label or "Tabelle",
            },
        )
        box.tail, table.tail = table.tail, None
        table.addprevious(box)
        box.append(table)


def scrolling_code(root, article):
    """Code keeps its lines and scrolls sideways (CSS); focusable for the keyboard."""
    for block in root.iter("pre"):
        block.set("tabindex", "0")


# (text the stored HTML must contain, step), in the order they run.
STEPS = [("<img", body_images), ("<table", scrolling_tables), ("<pre", scrolling_code)]
STEPS.append(("<a", sponsored.sponsored_links))
