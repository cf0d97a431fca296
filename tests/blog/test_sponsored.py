"""Paid content: "Anzeige" on the page, in lists, feed and newsletter; rel="sponsored" links."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from lxml import html as lxml_html

from blog.models import Article
from core.richtext import clean_html
from newsletter import rendering
from newsletter.models import Edition
from tests.blog.adminforms import ADD_URL, article_form
from tests.blog.reader_helpers import article

pytestmark = pytest.mark.django_db

LINKS = (
    '<p>Wir haben <a href="https://marke.example/kinderwagen">den Kinderwagen</a> getestet, '
    'mehr bei <a href="/artikel/kinderwagen-ratgeber/">unserem Ratgeber</a>, '
    '<a href="https://blog.example/artikel/x/">hier</a> und '
    '<a href="mailto:post@marke.example">per Mail</a>.</p>'
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://blog.example"


def page(client, item):
    return lxml_html.fromstring(client.get(item.get_absolute_url()).content)


def rels(doc):
    return {
        a.get("href"): a.get("rel") for a in doc.xpath("//article//*[contains(@class, 'prose')]//a")
    }


def test_sponsored_article_says_anzeige_above_its_title(client):
    item = article("Kinderwagen im Test", sponsored=True, sponsor_name="Marke & Söhne")

    doc = page(client, item)

    header = doc.xpath("//article/header")[0]
    label = header.xpath("./*[@class='sponsored-label']")[0]
    assert " ".join(label.text_content().split()) == "Anzeige · in Zusammenarbeit mit Marke & Söhne"
    children = list(header)
    assert children.index(label) < children.index(header.xpath("./h1")[0])


def test_ordinary_article_shows_no_anzeige(client):
    doc = page(client, article("Gute Nacht"))

    assert "Anzeige" not in doc.text_content()


def test_outgoing_links_of_a_sponsored_article_are_marked_sponsored(client):
    item = article("Kinderwagen im Test", body=LINKS, sponsored=True)

    links = rels(page(client, item))

    assert links == {
        "https://marke.example/kinderwagen": "sponsored noopener noreferrer",
        "/artikel/kinderwagen-ratgeber/": "noopener noreferrer",
        "https://blog.example/artikel/x/": "noopener noreferrer",
        "mailto:post@marke.example": "noopener noreferrer",
    }


def test_links_of_an_ordinary_article_stay_as_stored(client):
    item = article("Ausflug", body=LINKS)

    assert set(rels(page(client, item)).values()) == {"noopener noreferrer"}


def test_unticking_sponsored_takes_the_marks_away(client):
    item = article("Kinderwagen im Test", body=LINKS, sponsored=True)
    item.sponsored = False
    item.save()

    assert set(rels(page(client, item)).values()) == {"noopener noreferrer"}


def test_lists_show_anzeige_on_sponsored_cards(client):
    article("Bezahlt", sponsored=True)
    article("Eigenes")

    doc = lxml_html.fromstring(client.get("/").content)

    cards = {
        card.xpath(".//*[@class='card-title']")[0].text_content().strip(): bool(
            card.xpath(".//*[@class='sponsored-label']")
        )
        for card in doc.xpath("//article[contains(@class, 'card')]")
    }
    assert cards == {"Bezahlt": True, "Eigenes": False}


def test_feed_item_says_anzeige(client):
    article("Bezahlt", sponsored=True)
    article("Eigenes")

    channel = ET.fromstring(client.get("/feed/").content).find("channel")

    items = {
        item.findtext("link").rsplit("/", 2)[-2]: (
            item.findtext("title"),
            [c.text for c in item.findall("category")],
        )
        for item in channel.findall("item")
    }
    assert items["bezahlt"] == ("Anzeige: Bezahlt", ["Anzeige"])
    assert items["eigenes"] == ("Eigenes", [])


def test_newsletter_appendix_says_anzeige(settings):
    settings.NEWSLETTER_MAILS_PER_MINUTE = 60_000
    article("Bezahlt", sponsored=True)
    article("Eigenes")

    content = rendering.edition_content(Edition.objects.create(subject="Dezember"))

    assert "* Anzeige: Bezahlt" in content.text and "* Eigenes" in content.text
    assert re.search(r'class="article-label"[^>]*>Anzeige</p>\s*<p class="article-title"[^>]*>'
                     r'<a [^>]*>Bezahlt</a>', content.html)  # fmt: skip
    assert content.html.count(">Anzeige</p>") == 1


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ('rel="sponsored"', "sponsored noopener noreferrer"),
        ('rel="SPONSORED nofollow"', "sponsored nofollow noopener noreferrer"),
        ('rel="nofollow sponsored"', "sponsored nofollow noopener noreferrer"),
        ('rel="opener"', "noopener noreferrer"),
        ('rel="sponsored" rel="me"', "sponsored noopener noreferrer"),
        ('rel="x&quot; onclick=&quot;alert(1)"', "noopener noreferrer"),
        ("", "noopener noreferrer"),
    ],
)
def test_sanitizer_keeps_only_the_authors_affiliate_rel(given, kept):
    cleaned = clean_html(f'<p><a href="https://shop.example/" {given}>Buch</a></p>')

    assert cleaned == f'<p><a href="https://shop.example/" rel="{kept}">Buch</a></p>'


def test_sanitizer_rel_handling_cannot_be_tricked_by_markup_in_attributes():
    hostile = (
        '<p><img src="/media/a.png" alt="<a href=x rel=&quot;sponsored&quot;>">'
        '<a title=\'x > " rel="sponsored\' href="/y">a</a>'
        '&lt;a href=z&gt;<abbr title="<a>">abbr</abbr><script><a href=s></a></script></p>'
    )

    cleaned = clean_html(hostile)

    doc = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    assert [(a.get("href"), a.get("rel")) for a in doc.iter("a")] == [("/y", "noopener noreferrer")]
    assert doc.xpath("//img")[0].get("alt") == '<a href=x rel="sponsored">'
    assert "<script" not in cleaned and clean_html(cleaned) == cleaned


def test_author_ticks_anzeige_in_the_admin(admin_client):
    response = admin_client.post(
        ADD_URL, article_form(title="Kooperation", sponsored="on", sponsor_name="Marke")
    )

    assert response.status_code == 302
    saved = Article.objects.get(title="Kooperation")
    assert (saved.sponsored, saved.sponsor_name) == (True, "Marke")


def test_related_cards_say_anzeige():
    cards = render_to_string(
        "blog/includes/related.html",
        {"related": [article("Bezahlt", sponsored=True), article("Eigenes")]},
    )

    assert cards.count('<p class="sponsored-label">Anzeige</p>') == 1
    assert cards.index("Anzeige") < cards.index("Bezahlt") < cards.index("Eigenes")


def test_newsletter_archive_says_anzeige(client):
    paid = article("Bezahlt", sponsored=True)
    edition = Edition.objects.create(
        subject="Dezember", status="sent", started_at=paid.published_at
    )
    edition.articles.add(paid, article("Eigenes"))

    page = client.get(edition.get_absolute_url()).content.decode()

    assert re.search(r'<p class="sponsored-label">Anzeige</p><a href="/artikel/bezahlt/">', page)
    assert page.count("sponsored-label") == 1
