"""Paid articles ("Anzeige"): their links to other sites are marked as paid at render time.

Search engines ask for rel="sponsored" on paid links. The stored body keeps what the author
wrote (core/richtext.py keeps her own "sponsored" on single affiliate links); this step
marks every outgoing link of an article she marked `sponsored`, so unticking the box later
takes the marks away again.
"""

from urllib.parse import urlsplit

from django.conf import settings

SPONSORED_RELS = ("sponsored", "noopener")


def is_outgoing(href):
    """Whether a link leads to another site (not ours, not mail)."""
    parts = urlsplit(href.strip())
    if parts.scheme not in ("http", "https", ""):
        return False
    return bool(parts.netloc) and parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc


def sponsored_links(root, article):
    """A body step (blog/body.py): rel="sponsored noopener" on a paid article's outgoing links."""
    if not article.sponsored:
        return
    for link in root.iter("a"):
        if is_outgoing(link.get("href", "")):
            rel = (link.get("rel") or "").split()
            link.set(
                "rel", " ".join([*SPONSORED_RELS, *(r for r in rel if r not in SPONSORED_RELS)])
            )
