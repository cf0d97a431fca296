"""Our own WordPress exports (tests/fixtures/wordpress/), imported as a clone alone can."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError

from blog.models import Article, Category
from blog.wordpress.importer import wordpress_import
from blog.wordpress.models import WordPressPost
from tests.blog.wordpress_files import fixture, run

FAMILY = fixture("familienblog.xml")
BLOCKS = fixture("bloecke.xml")
OTHER_SITE = fixture("anderes-blog.xml")

pytestmark = pytest.mark.django_db


def body(slug):
    return Article.objects.get(slug=slug).body


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_family_blog_becomes_articles_pages_and_redirects():
    output = run(FAMILY)

    assert Article.objects.count() == 17
    assert set(Article.objects.filter(status="draft").values_list("slug", flat=True)) == {
        "entwurf-eingewoehnung-in-der-krippe",  # draft
        "notizen-zum-zahnen",  # private
        "geschwister-vorbereiten",  # pending
        "fotos-vom-geburtstag",  # published, but behind a password
        "notiz-ohne-datum",
    }
    assert Article.objects.published().count() == 11
    scheduled = Article.objects.get(slug="sommerurlaub-mit-kleinkind")
    assert scheduled.status == "published" and not scheduled.is_public
    assert dict(FlatPage.objects.values_list("url", "registration_required")) == {
        "/ueber-uns/": False,
        "/kita/": False,
        "/kita/eingewoehnung/": False,
        "/startseite/": False,  # the front page's address was "/"
        "/intern-redaktionsplan/": True,  # private: for logged-in staff only
        "/kontakt/": True,  # draft
    }
    assert sorted(Category.objects.values_list("name", flat=True)) == [
        "Alltag",
        "Essen & Trinken",
        "Kita",
        "Schlaf",
    ]
    assert Redirect.objects.count() == 35
    assert WordPressPost.objects.count() == 23
    assert "Artikel                 17             0             0             3" in output
    assert "Seiten                   6             0             0             0" in output
    assert "Sonstiges                0             0             0             8" in output


def test_dates_come_from_gmt_else_berlin_time_else_the_import():
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False):
        run(FAMILY)

    published = dict(Article.objects.values_list("slug", "published_at"))
    assert published["wie-unser-sohn-endlich-durchschlaeft"] == datetime(
        2023, 3, 14, 19, 30, tzinfo=UTC
    )
    # A draft has no GMT date in WordPress: its local date counts as Berlin time (UTC+2).
    assert published["entwurf-eingewoehnung-in-der-krippe"] == datetime(2024, 7, 1, 10, tzinfo=UTC)
    assert published["notiz-ohne-datum"] == datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_the_first_real_category_becomes_the_category_and_the_rest_tags():
    run(FAMILY)

    first = Article.objects.get(slug="wie-unser-sohn-endlich-durchschlaeft")
    assert first.category.name == "Schlaf"
    assert sorted(first.tags.names()) == ["Abendritual", "Baby", "Einschlafen", "Nachts"]
    plan = Article.objects.get(slug="unser-wochenplan")
    assert plan.category.name == "Alltag"
    # "Allgemein" says nothing; the category's name arrives HTML-escaped and is decoded.
    assert "Essen & Trinken" in plan.tags.names()
    assert "Allgemein" not in plan.tags.names()
    assert plan.tags.count() == 12  # "Kochen" and "kochen" are one tag
    assert Article.objects.get(slug="alte-plugins").category is None


def test_titles_and_odd_posts_are_imported_with_warnings():
    output = run(FAMILY)

    assert Article.objects.get(slug="ohne-titel").title == "Ohne Titel"
    assert Article.objects.get(slug="essen-trinken-unterwegs").title == "Essen & Trinken unterwegs"
    assert Article.objects.get(slug="mittagsschlaf-2").title == "Mittagsschlaf – der zweite Versuch"
    for warning in [
        "Beitrag 110: Ohne Titel – heißt jetzt „Ohne Titel“.",
        "Beitrag 103 („Entwurf: Eingewöhnung in der Krippe“): Ohne Kurznamen",
        "Kurzname „mittagsschlaf“ ist schon vergeben – neu: „mittagsschlaf-2“.",
        "Beitrag 107 („Nur für die Familie: Fotos vom Geburtstag“): War passwortgeschützt",
        "Shortcode [gallery] ist hier unbekannt und wurde entfernt.",
        "Shortcode [contact-form-7] ist hier unbekannt und wurde entfernt.",
        "Shortcode [box] ist hier unbekannt und wurde entfernt.",
        "Beitrag 112 („Mittagsschlaf ade“): Kommt in der Datei doppelt vor",
        "Eintrag 304 („Kinderbuch-Set „Gute Nacht““): Unbekannter Inhaltstyp „product“",
        "Beitrag 119 („Notiz ohne Datum“): Ohne Datum",
        "Datei 2023/05/packliste-wickeltasche.pdf ist kein Bild und bleibt auf der alten Seite.",
    ]:
        assert warning in output


def test_the_summary_explains_what_was_skipped():
    summary = wordpress_import(path=FAMILY)

    assert summary.counts["other"]["skipped"] == 8
    assert summary.skipped == {
        "attachment": 4,
        "trash": 2,
        "duplicate": 1,
        "nav_menu_item": 2,
        "wordpress": 1,
        "unknown": 1,
    }
    lines = "\n".join(summary.lines())
    assert "Menüeinträge (die Navigation hier bilden die Kategorien): 2" in lines
    assert "Anhänge (Bilder und Dateien der Mediathek; Bilder kommen mit ihren Beiträgen): 4" in (
        lines
    )


def test_bodies_are_sanitized_with_captions_as_figures_and_shortcodes_gone():
    run(FAMILY)
    run(BLOCKS)

    for html in Article.objects.values_list("body", flat=True):
        assert "<!--" not in html and "[caption" not in html and "[gallery " not in html
        assert "<script" not in html and "onclick" not in html and "javascript:" not in html
        assert "<iframe" not in html and "<style" not in html and "style=" not in html
    sleep = body("wie-unser-sohn-endlich-durchschlaeft")
    assert sleep.startswith("<p>Vierzehn Monate lang")
    assert "<figcaption>So sieht es bei uns um halb acht aus.</figcaption></figure>" in sleep
    assert "<li>ein Buch, immer nur eines</li>" in sleep
    assert "von sieben bis fünf.<br>\nFünf Uhr" in sleep
    assert "<p></p>" not in sleep
    plugins = body("alte-plugins")
    assert "<p>Wichtig: im Sommer genug trinken!</p>" in plugins
    assert "[Werbung] Der Kinderwagen" in plugins and "als Text: [gallery]</p>" in plugins
    copied = body("vorsicht-beim-kopieren")
    assert "<p>Dieser Absatz kam aus einem Newsletter.</p>" in copied
    assert 'href="https://www.example.org/ratgeber"' in copied


def test_block_editor_posts_keep_their_structure():
    run(BLOCKS)

    pancakes = body("pfannkuchen")
    assert "<h2>Zutaten</h2>" in pancakes and "<li>3 Eier</li>" in pancakes
    assert (
        '<img src="https://kleine-schritte.example/wp-content/uploads/2024/08/'
        'pfannkuchen-1024x683.jpg" alt="Ein Stapel Pfannkuchen mit Blaubeeren">'
        "<figcaption>Mit Blaubeeren am liebsten.</figcaption></figure>"
    ) in pancakes
    assert "<p>„Noch einen, bitte!“</p>" in pancakes
    forest = body("herbstausflug")
    # The embed block is its address alone in a paragraph, as the player expects it.
    assert "<p>https://www.youtube.com/watch?v=abcdefghijk</p>" in forest
    assert "<pre><code>Waldregel Nr. 1:\n  Was man nicht kennt," in forest
    assert "<p>Zuhause lassen: das Tablet.</p>" in forest
    assert "<th>Rezept</th>" in body("rezepte")
    assert FlatPage.objects.get().url == "/so-geht-es-weiter/"


def test_a_clashing_slug_in_the_block_export_gets_a_number():
    output = run(BLOCKS)

    assert Article.objects.get(slug="rezepte").title == "Rezepte für kleine Hände"
    assert Article.objects.get(slug="rezepte-2").title == "Rezepte (klassisch)"
    assert "Kurzname „rezepte“ ist schon vergeben – neu: „rezepte-2“." in output
    # The post in "Uncategorized" only has no category here.
    assert Article.objects.get(slug="rezepte-2").category is None


def test_imported_images_keep_their_alt_text_or_get_the_attachments():
    run(FAMILY)
    run(BLOCKS)

    images = [
        tag for html in Article.objects.values_list("body", flat=True)
        for tag in re.findall(r"<img\b[^>]*>", html)
    ]  # fmt: skip
    assert images and all(" alt=" in tag for tag in images)
    # Written without alt, found by its class wp-image-11: the attachment's alt text.
    assert 'alt="Eine bunte Brotdose mit Apfelschnitzen und Vollkornbrot"' in body(
        "brotdose-fuer-die-kita"
    )
    # Empty in the block, described in the media library.
    assert 'waldweg.jpg" alt="Ein Waldweg im Herbstlaub"' in body("herbstausflug")
    bag = body("wickeltasche")
    assert 'wickeltasche.jpg" alt=""' in bag  # nobody described it: empty, but there
    assert 'alte-tasche.jpg?w=604" alt="Unsere erste Wickeltasche"' in bag


def test_posts_sharing_a_guid_are_both_imported():
    run(FAMILY)

    plans = WordPressPost.objects.filter(guid="https://kleine-schritte.example/?p=116")
    assert sorted(plans.values_list("post_id", flat=True)) == [116, 117]
    assert Article.objects.filter(slug__startswith="unser-wochenplan").count() == 2


def test_another_sites_export_reusing_post_ids_adds_its_own_posts():
    run(FAMILY)

    output = run(OTHER_SITE)

    assert WordPressPost.objects.filter(post_id=101).count() == 2
    assert Article.objects.get(slug="erster-tag-elternzeit").title == "Der erste Tag Elternzeit"
    assert Article.objects.get(slug="mittagsschlaf-3").title == "Mittagsschlaf im Kinderwagen"
    assert Article.objects.get(slug="wie-unser-sohn-endlich-durchschlaeft")
    # Both sites had an address /?p=101; the newer import takes it, and says so.
    assert Redirect.objects.get(old_path="/?p=101").new_path == "/artikel/erster-tag-elternzeit/"
    assert "Die alte Adresse /?p=101 führte zu /artikel/wie-unser-sohn-endlich" in output


def test_a_second_run_of_every_export_reports_everything_unchanged():
    exports = [FAMILY, BLOCKS, OTHER_SITE, fixture("wxr-1-1.xml")]
    for path in exports:
        wordpress_import(path=path)
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at", "slug"))
    redirects = Redirect.objects.count()

    summaries = [wordpress_import(path=path) for path in exports]

    assert [s.counts["post"]["unchanged"] for s in summaries] == [17, 5, 2, 2]
    assert summaries[0].counts["page"]["unchanged"] == 6
    assert all(
        s.counts[k]["created"] + s.counts[k]["updated"] == 0 for s in summaries for k in s.counts
    )
    # Only what is wrong with the file itself is said again.
    assert [len(s.all_warnings()) for s in summaries] == [2, 0, 0, 0]
    assert all(set(s.extras.values()) == {0} for s in summaries)
    assert list(Article.objects.order_by("pk").values_list("pk", "updated_at", "slug")) == before
    assert Redirect.objects.count() == redirects


def test_old_permalinks_and_post_ids_answer_with_a_301(client):
    # Seen (and cached) as the home page before the import, a redirect right after it.
    assert client.get("/?p=101").status_code == 200
    run(FAMILY)

    expected = {
        "/2023/03/wie-unser-sohn-endlich-durchschlaeft/": (
            "/artikel/wie-unser-sohn-endlich-durchschlaeft/"
        ),
        "/?p=101": "/artikel/wie-unser-sohn-endlich-durchschlaeft/",
        "/2024/01/mittagsschlaf/": "/artikel/mittagsschlaf-2/",
        "/?page_id=202": "/kita/eingewoehnung/",
    }
    for old, new in expected.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get("/?p=999999").status_code == 200  # unknown ids: the home page


def test_an_old_wxr_1_1_export_is_imported():
    run(fixture("wxr-1-1.xml"))

    article = Article.objects.get(slug="wir-werden-eltern")
    assert article.category.name == "Schwangerschaft"
    assert article.body == (
        "<p>Es ist offiziell.<br>\nIm Oktober sind wir zu dritt.</p>\n<p>Wir freuen uns riesig.</p>"
    )


def test_an_export_cut_off_midway_is_refused_and_imports_nothing():
    with pytest.raises(CommandError, match="kein gültiges XML: Fehler in Zeile 67") as refused:
        run(fixture("abgebrochen.xml"))

    assert "Es wurde nichts geändert." in str(refused.value)
    assert Article.objects.count() == 0
    assert Category.objects.count() == 0
