"""Anchors for an article's headings and its table of contents ("Inhalt").

Every <h2> and <h3> gets an id from its own text, spelled like a slug ("Müde Väter" →
"muede-vaeter"), so links to a section (from other articles, from the newsletter) keep
working when other headings change; only a repeated heading gets a number ("-2").
Articles with MIN_SECTIONS or more <h2> get `<nav id="toc">` after the intro paragraph,
unless the author switched it off (`Article.show_toc`).
"""

from lxml import etree, html

from blog.slugs import german_slugify

MIN_SECTIONS = 3
ID_MAX_LENGTH = 60
# Ids the article page uses itself: a heading called "Main" must not take over the skip link.
PAGE_IDS = frozenset(
    {
        "main",
        "toc",
        "toc-heading",
        "related",
        "related-heading",
        "share-heading",
        "author-box-heading",
        "header-search-q",
        "newsletter-signup",
        "newsletter-box-heading",
        "quote-of-the-month",
        "quote-of-the-month-heading",
    }
)


def heading_ids(texts):
    """The id for each heading text, in order: slugs, numbered where repeated."""
    taken = set(PAGE_IDS)
    ids = []
    for text in texts:
        base = german_slugify(text, ID_MAX_LENGTH) or "abschnitt"
        anchor, number = base, 2
        while anchor in taken:
            anchor, number = f"{base}-{number}", number + 1
        taken.add(anchor)
        ids.append(anchor)
    return ids


def anchors(body):
    """Every id a link into the article page may name (the link check asks)."""
    headings = html.fragment_fromstring(body or "", create_parent="div").iter("h2", "h3")
    return PAGE_IDS | set(heading_ids(_text(heading) for heading in headings))


def heading_anchors(root, article):
    """Body step: ids on the headings, and the table of contents where it belongs."""
    headings = list(root.iter("h2", "h3"))
    for heading, anchor in zip(headings, heading_ids(_text(h) for h in headings), strict=True):
        heading.set("id", anchor)
    sections = sum(heading.tag == "h2" for heading in headings)
    if article.show_toc and sections >= MIN_SECTIONS:
        _insert_after_intro(root, _table_of_contents(headings))


def _text(heading):
    return " ".join(heading.text_content().split())


def _table_of_contents(headings):
    nav = html.Element("nav", {"id": "toc", "class": "toc", "aria-labelledby": "toc-heading"})
    title = etree.SubElement(nav, "h2", {"id": "toc-heading"})
    title.text = "Inhalt"
    top = etree.SubElement(nav, "ol")
    current = None  # the <li> of the last <h2>: its <h3> are listed inside it
    for heading in headings:
        if heading.tag == "h3" and current is not None:
            sub = current.find("ol")
            parent = sub if sub is not None else etree.SubElement(current, "ol")
        else:
            parent = top
        item = etree.SubElement(parent, "li")
        link = etree.SubElement(item, "a", {"href": f"#{heading.get('id')}"})
        link.text = _text(heading)
        if heading.tag == "h2":
            current = item
    return nav


def _insert_after_intro(root, nav):
    first = root[0] if len(root) else None
    if first is not None and first.tag == "p":
        first.addnext(nav)
        # addnext moves the intro's tail (white space) behind the nav; keep it in place.
        nav.tail, first.tail = first.tail, nav.tail
    else:
        root.insert(0, nav)
