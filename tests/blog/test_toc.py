"""Heading anchors and the table of contents (blog/toc.py; issue 18, part 3)."""

import re

import pytest
from lxml import html as lxml_html

from blog.toc import heading_ids
from newsletter import mailtext
from tests.blog.reader_helpers import article, html

pytestmark = pytest.mark.django_db

GUIDE = (
    "<p>Ein langer Ratgeber beginnt mit einem Absatz.</p>"
    "<h2>Müde Väter</h2><p>Text.</p>"
    "<h3>Der erste Monat</h3><p>Text.</p><h3>Später</h3><p>Text.</p>"
    "<h2>Große Übergänge</h2><p>Text.</p>"
    "<h2>Häufige Fragen</h2><p>Text.</p>"
)


def page(client, item):
    return lxml_html.fromstring(html(client.get(item.get_absolute_url())))


def test_heading_ids_spell_out_umlauts_like_slugs():
    assert heading_ids(["Müde Väter", "Große Übergänge", "Spaß & Spiel"]) == [
        "muede-vaeter",
        "grosse-uebergaenge",
        "spass-spiel",
    ]


def test_repeated_headings_get_numbers_and_page_ids_are_kept_free():
    assert heading_ids(["Tipps", "Tipps", "Tipps 2", "Main", "Inhalt", "!!!"]) == [
        "tipps",
        "tipps-2",
        "tipps-2-2",
        "main-2",
        "inhalt",
        "abschnitt",
    ]


def test_an_id_stays_when_another_heading_changes():
    before = heading_ids(["Einschlafen", "Durchschlafen", "Früh wach"])
    after = heading_ids(["Einschlafen im Familienbett", "Durchschlafen", "Früh wach"])
    assert before[1:] == after[1:]


def test_hostile_heading_text_becomes_a_plain_id():
    [anchor] = heading_ids(['"><script>alert(1)</script> Wut' + " lang" * 500])
    assert re.fullmatch(r"[a-z0-9-]{1,60}", anchor)
    assert anchor.startswith("scriptalert1script-wut-lang")


def test_guide_gets_a_toc_after_the_intro_with_h3_nested(client):
    tree = page(client, article("Ratgeber", body=GUIDE))
    prose = tree.xpath("//div[@class='prose']")[0]
    assert prose[0].tag == "p" and prose[1].get("id") == "toc"
    [nav] = tree.xpath("//nav[@id='toc']")
    assert nav.xpath("h2")[0].text_content() == "Inhalt"
    top = nav.xpath("ol/li/a")
    assert [a.get("href") for a in top] == [
        "#muede-vaeter",
        "#grosse-uebergaenge",
        "#haeufige-fragen",
    ]
    nested = nav.xpath("ol/li[1]/ol/li/a")
    assert [a.get("href") for a in nested] == ["#der-erste-monat", "#spaeter"]
    for link in top + nested:
        assert len(tree.xpath(f"//*[@id='{link.get('href')[1:]}']")) == 1


def test_author_can_switch_the_toc_off_and_anchors_stay(client):
    tree = page(client, article("Ratgeber", body=GUIDE, show_toc=False))
    assert not tree.xpath("//nav[@id='toc']")
    assert tree.xpath("//h2[@id='muede-vaeter']")


def test_fewer_than_three_sections_get_no_toc(client):
    body = "<p>Intro.</p><h2>Eins</h2><h3>Unterpunkt</h3><h2>Zwei</h2><p>Text.</p>"
    tree = page(client, article("Kurz", body=body))
    assert not tree.xpath("//nav[@id='toc']")
    assert [h.get("id") for h in tree.xpath("//div[@class='prose']/*[self::h2 or self::h3]")] == [
        "eins",
        "unterpunkt",
        "zwei",
    ]


def test_toc_comes_first_when_the_body_opens_with_a_heading(client):
    body = "<h2>Eins</h2><p>a</p><h2>Zwei</h2><p>b</p><h2>Drei</h2><p>c</p>"
    tree = page(client, article("Ohne Einleitung", body=body))
    assert tree.xpath("//div[@class='prose']")[0][0].get("id") == "toc"


def test_stored_body_keeps_no_ids(client):
    item = article("Ratgeber", body=GUIDE.replace("<h2>", '<h2 id="boese">', 1))
    item.refresh_from_db()
    assert "id=" not in item.body


def test_anchor_links_from_another_article_and_the_newsletter_keep_their_section():
    target = article("Ratgeber", body=GUIDE)
    link = f'<p><a href="{target.get_absolute_url()}#grosse-uebergaenge">Übergänge</a></p>'
    mail = mailtext.mail_html(link, base="https://blog.example", web_url="https://x")
    assert (
        'href="https://blog.example/artikel/ratgeber/?utm_source=elternpost#grosse-uebergaenge"'
        in mail
    )
    assert (
        "(https://blog.example/artikel/ratgeber/?utm_source=elternpost#grosse-uebergaenge)"
        in mailtext.plain_text(link, base="https://blog.example")
    )


def test_admin_form_offers_the_switch_in_german(admin_client):
    page = html(admin_client.get("/admin/blog/article/add/"))
    assert "Inhaltsverzeichnis zeigen" in page
    assert re.search(r'<input type="checkbox" name="show_toc"[^>]* checked', page)
