"""Videos from YouTube and Vimeo, loaded only when the reader asks ("Zwei-Klick-Lösung").

A video address alone in a paragraph (typed, linked, or left by the sanitizer from a
pasted player, see core/richtext.py) becomes `<figure class="embed">` on the page: the
video's title as a link to it, a note on what loading sends where, and a "Video laden"
button that static/js/embed.js shows and wires up. Until that click the page asks no
other host for anything (no thumbnail from theirs); without JavaScript the link remains.
The article view allows exactly the players a page holds as frame sources (CSP).
"""

from django.urls import reverse
from lxml import etree, html

from core import video


def video_embeds(root, article):
    """Body step: each video paragraph becomes a two-click embed."""
    for paragraph in list(root.iter("p")):
        found = _lone_video(paragraph)
        if found:
            figure = _embed(*found)
            figure.tail = paragraph.tail
            paragraph.getparent().replace(paragraph, figure)


def frame_sources(rendered_body):
    """The player origins a rendered body may frame after a click (for its CSP)."""
    return [
        origin
        for provider, origin in video.PLAYER_ORIGINS.items()
        if f'data-provider="{provider}"' in rendered_body
    ]


def _lone_video(paragraph):
    """(video, title or "") when the paragraph holds nothing but a video address."""
    children = list(paragraph)
    if not children:
        return _with_title(video.parse(paragraph.text), "")
    if len(children) != 1 or children[0].tag != "a" or (paragraph.text or "").strip():
        return None
    link = children[0]
    if (link.tail or "").strip() or len(link):
        return None
    label = " ".join(link.text_content().split())
    return _with_title(video.parse(link.get("href")), "" if video.parse(label) else label)


def _with_title(found, title):
    return (found, title) if found else None


def _embed(found, title):
    name = video.PROVIDER_NAMES[found.provider]
    figure = html.Element(
        "figure",
        {"class": "embed", "data-provider": found.provider, "data-player": found.player_url},
    )
    box = etree.SubElement(figure, "div", {"class": "embed-placeholder"})
    heading = etree.SubElement(box, "p", {"class": "embed-title"})
    link = etree.SubElement(heading, "a", {"href": found.url, "rel": "noopener noreferrer"})
    link.text = title or f"Video auf {name} ansehen"
    note = etree.SubElement(box, "p", {"class": "embed-note"})
    note.text = (
        f"Erst wenn du das Video lädst, überträgt dein Browser Daten an {name}. Mehr dazu in der "
    )
    privacy = etree.SubElement(note, "a", {"href": reverse("datenschutz")})
    privacy.text = "Datenschutzerklärung"
    privacy.tail = "."
    # Shown by embed.js: without JavaScript the button could do nothing.
    button = etree.SubElement(box, "button", {"type": "button", "hidden": "hidden"})
    button.text = "Video laden"
    return figure
