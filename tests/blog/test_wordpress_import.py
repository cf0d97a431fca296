"""WordPress import from the command line: the public test exports, reruns, edge cases."""

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError
from taggit.models import Tag

from blog.models import Article, Category
from blog.wordpress.importer import ImportFailed, wordpress_import
from blog.wordpress.models import WordPressPost
from tests.blog.wordpress_files import attachment, export, item, jpeg_bytes, run

pytestmark = pytest.mark.django_db


# -- dry run, reruns, updates --------------------------------------------------------------


def test_dry_run_writes_nothing_and_says_what_would_happen(tmp_path, settings):
    media = tmp_path / "uploads" / "2024" / "05"
    media.mkdir(parents=True)
    (media / "bild.jpg").write_bytes(jpeg_bytes())
    path = export(
        tmp_path,
        item(1, content='<img src="https://alt.example/wp-content/uploads/2024/05/bild.jpg">'),
        item(2, post_type="page", slug="ueber-uns", link="https://alt.example/ueber-uns/"),
    )

    output = run(path, "--dry-run", "--media-dir", tmp_path / "uploads")

    assert "Probelauf: nichts wurde gespeichert." in output
    assert "Artikel                  1             0             0             0" in output
    assert "Seiten                   1             0             0             0" in output
    assert Article.objects.count() == 0
    assert FlatPage.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert Category.objects.count() == 0
    assert WordPressPost.objects.count() == 0
    assert get_user_model().objects.count() == 0
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_a_newer_export_updates_only_the_changed_post(tmp_path):
    run(export(tmp_path, item(1, title="Alt"), item(2), item(3)))
    untouched = Article.objects.get(slug="beitrag-2").updated_at

    summary = wordpress_import(
        path=export(tmp_path, item(1, title="Neu"), item(2), item(3), item(4))
    )

    assert summary.counts["post"] == {"created": 1, "updated": 1, "unchanged": 2, "skipped": 0}
    assert Article.objects.get(slug="beitrag-1").title == "Neu"
    assert Article.objects.get(slug="beitrag-2").updated_at == untouched
    assert Article.objects.count() == 4


def test_posts_are_known_by_id_and_guid_together(tmp_path):
    shared_guid = "https://alt.example/?p=1"
    run(export(tmp_path, item(1, guid=shared_guid), item(2, guid=shared_guid)))
    # Another site's export reuses id 1 with its own guid: a different post.
    run(export(tmp_path, item(1, guid="https://anderer.example/?p=1", slug="fremd")))

    assert Article.objects.count() == 3
    assert WordPressPost.objects.filter(post_id=1).count() == 2


def test_an_unchanged_rerun_needs_no_query_per_post(tmp_path, django_assert_max_num_queries):
    path = export(tmp_path, *(item(n) for n in range(1, 21)))
    wordpress_import(path=path)

    # the current site, the known posts with their hashes, and the savepoint pair of the
    # import's transaction: none of it grows with the number of posts.
    with django_assert_max_num_queries(4):
        summary = wordpress_import(path=path)
    assert summary.counts["post"]["unchanged"] == 20


# -- mapping of fields -----------------------------------------------------------------------


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_statuses_and_dates_map_as_the_author_expects(tmp_path):
    run(
        export(
            tmp_path,
            item(1, status="publish"),
            item(2, status="future", date="2030-01-01 08:00:00", date_gmt="2030-01-01 07:00:00"),
            item(3, status="draft", date_gmt="0000-00-00 00:00:00", date="2024-07-01 12:00:00"),
            item(4, status="pending"),
            item(5, status="private"),
            item(6, status="publish", password="geheim"),
            item(7, status="trash"),
        )
    )

    status = dict(Article.objects.values_list("slug", "status"))
    assert status == {
        "beitrag-1": "published",
        "beitrag-2": "published",
        "beitrag-3": "draft",
        "beitrag-4": "draft",
        "beitrag-5": "draft",
        "beitrag-6": "draft",
    }
    assert Article.objects.get(slug="beitrag-1").published_at == datetime(
        2024, 5, 2, 7, 30, tzinfo=UTC
    )
    # No GMT date: the local date counts as Berlin time (summer: UTC+2).
    assert Article.objects.get(slug="beitrag-3").published_at == datetime(
        2024, 7, 1, 10, tzinfo=UTC
    )
    scheduled = Article.objects.get(slug="beitrag-2")
    assert scheduled.published_at == datetime(2030, 1, 1, 7, tzinfo=UTC)
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()


def test_first_category_becomes_the_category_and_the_rest_tags(tmp_path):
    run(
        export(
            tmp_path,
            item(
                1,
                categories=[("nachts", "Nachts"), ("schlaf", "Schlaf"), ("uncategorized", "U")],
                tags=["Einschlafen", "Baby", "baby"],
            ),
        )
    )

    article = Article.objects.get()
    # Nested "Nachts" (child of "Schlaf") is flattened into a category of its own.
    assert article.category.name == "Nachts"
    assert Category.objects.count() == 1
    assert sorted(article.tags.names()) == ["Baby", "Einschlafen", "Schlaf"]
    assert Tag.objects.count() == 3


def test_imported_categories_show_in_the_navigation_once_the_author_shows_them(tmp_path, client):
    run(
        export(
            tmp_path,
            item(1, categories=[("schlaf", "Schlaf")]),
            item(2, slug="entwurf", status="draft", categories=[("kita", "Kita")]),
        )
    )
    Category.objects.update(show_in_nav=True)

    assert Category.objects.get(name="Schlaf").first_published_at is not None
    assert Category.objects.get(name="Kita").first_published_at is None
    nav = client.get("/").content.decode().split('aria-label="Themen"')[1].split("</nav>")[0]
    assert ">Schlaf</a>" in nav
    assert "Kita" not in nav


def test_a_post_without_title_or_slug_is_imported_with_warnings(tmp_path):
    output = run(
        export(
            tmp_path,
            item(1, title="", slug=""),
            item(2, title="Müde Väter", slug=""),
            item(3, title="", slug=""),
        )
    )

    assert Article.objects.get(slug="ohne-titel").title == "Ohne Titel"
    assert Article.objects.get(slug="ohne-titel-2").title == "Ohne Titel"
    assert Article.objects.get(slug="muede-vaeter").title == "Müde Väter"
    assert output.count("Ohne Kurznamen") == 3
    assert "Beitrag 1: Ohne Titel – heißt jetzt „Ohne Titel“." in output


def test_a_slug_taken_by_an_existing_article_gets_a_new_one(tmp_path):
    Article.objects.create(title="Schon da", slug="schlafen-lernen")

    output = run(export(tmp_path, item(1, slug="schlafen-lernen")))

    assert Article.objects.get(wordpress_post__post_id=1).slug == "schlafen-lernen-2"
    assert Article.objects.get(slug="schlafen-lernen").title == "Schon da"
    assert "Kurzname „schlafen-lernen“ ist schon vergeben" in output


def test_unknown_post_types_are_skipped_with_a_warning_and_menus_silently(tmp_path):
    output = run(
        export(
            tmp_path,
            item(1),
            item(2, post_type="product"),
            item(3, post_type="nav_menu_item"),
            item(4, post_type="attachment", status="inherit"),
        )
    )

    assert Article.objects.count() == 1
    assert "Sonstiges                0             0             0             3" in output
    assert "Unbekannter Inhaltstyp „product“ – übersprungen." in output
    assert "nav_menu_item" not in output


def test_unknown_shortcodes_are_removed_with_a_warning_and_captions_kept(tmp_path):
    content = (
        'Vorher.\n\n[caption id="a1" width="300"]<img src="https://x.example/a.jpg" alt="Zelt"> '
        'Unser Zelt[/caption]\n\n[gallery ids="1,2"]\n\n[box]Bleibt stehen[/box] '
        "[Werbung] und [[gallery]]"
    )
    output = run(export(tmp_path, item(1, content=content)))

    body = Article.objects.get().body
    assert body == (
        "<p>Vorher.</p>\n"
        '<figure><img src="https://x.example/a.jpg" alt="Zelt">'
        "<figcaption>Unser Zelt</figcaption></figure>\n"
        "<p>Bleibt stehen [Werbung] und [gallery]</p>"
    )
    assert "Shortcode [gallery] ist hier unbekannt" in output
    assert "Shortcode [box] ist hier unbekannt" in output


def test_hostile_markup_is_sanitized(tmp_path):
    content = (
        '<script>alert("x")</script><p onclick="evil()">Hallo</p>'
        '<a href="javascript:alert(1)">Link</a><iframe src="https://x.example"></iframe>'
        "<!-- wp:paragraph --><p>Block</p><!-- /wp:paragraph -->"
    )
    run(export(tmp_path, item(1, content=content), item(2, post_type="page", content=content)))

    for html in (Article.objects.get().body, FlatPage.objects.get().content):
        assert "script" not in html and "alert" not in html and "onclick" not in html
        assert "iframe" not in html and "wp:" not in html
        assert "<p>Hallo</p>" in html and "<p>Block</p>" in html


def test_pages_keep_their_address_unless_it_is_taken(tmp_path):
    taken = FlatPage.objects.create(url="/ueber-uns/", title="Schon da", content="<p>Alt</p>")
    output = run(
        export(
            tmp_path,
            item(1, post_type="page", slug="ueber-uns", link="https://alt.example/ueber-uns/"),
            item(2, post_type="page", slug="eltern/kita", link="https://alt.example/eltern/kita/"),
            item(3, post_type="page", slug="start", link="https://alt.example/"),
            item(4, post_type="page", slug="intern", status="private",
                 link="https://alt.example/intern/"),
        )
    )  # fmt: skip

    urls = dict(FlatPage.objects.exclude(pk=taken.pk).values_list("url", "registration_required"))
    assert urls == {
        "/ueber-uns-2/": False,
        "/eltern/kita/": False,
        "/start/": False,
        "/intern/": True,  # not public on WordPress: for logged-in staff only
    }
    assert "Die Adresse /ueber-uns/ ist schon belegt – neu: /ueber-uns-2/" in output
    assert Redirect.objects.filter(old_path="/?page_id=2", new_path="/eltern/kita/").exists()


# -- authors -------------------------------------------------------------------------------


def test_each_wordpress_author_becomes_an_inactive_account_without_password(tmp_path):
    run(export(tmp_path, item(1), item(2), item(3, creator="papa")))

    mama = get_user_model().objects.get(username="mama")
    assert (mama.first_name, mama.last_name, mama.email) == ("Anna", "Bär", "mama@alt.example")
    assert not mama.is_active and not mama.has_usable_password()
    assert get_user_model().objects.filter(username="papa", is_active=False).exists()
    assert WordPressPost.objects.filter(author=mama).count() == 2


def test_author_option_assigns_every_post_to_that_user(tmp_path):
    user = get_user_model().objects.create_user("redaktion", password="x-geheim-123")

    run(export(tmp_path, item(1), item(2, creator="papa")), "--author", "redaktion")

    assert get_user_model().objects.count() == 1
    assert WordPressPost.objects.filter(author=user).count() == 2


def test_an_unknown_author_option_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"Einen Benutzer „niemand“ gibt es nicht\."):
        run(export(tmp_path, item(1)), "--author", "niemand")
    assert Article.objects.count() == 0


# -- images --------------------------------------------------------------------------------


def test_images_are_copied_from_the_media_dir_and_links_rewritten(tmp_path, settings):
    uploads = tmp_path / "wp-content" / "uploads" / "2024" / "05"
    uploads.mkdir(parents=True)
    (uploads / "bild.jpg").write_bytes(jpeg_bytes())
    (uploads / "titel.jpg").write_bytes(jpeg_bytes("blue"))
    content = (
        '<img src="https://alt.example/wp-content/uploads/2024/05/bild.jpg" alt="Ein Bild">\n\n'
        '<img src="/wp-content/uploads/2024/05/fehlt.jpg" alt="Fehlt">'
    )
    path = export(
        tmp_path,
        attachment(50, "https://alt.example/wp-content/uploads/2024/05/titel.jpg", "Ein Zelt"),
        item(1, content=content, meta={"_thumbnail_id": "50"}),
    )

    output = run(path, "--media-dir", tmp_path / "wp-content")

    article = Article.objects.get()
    assert article.cover_image.name.startswith("covers/")
    assert article.cover_alt == "Ein Zelt"
    assert '<img src="/media/wordpress/2024/05/bild.jpg" alt="Ein Bild">' in article.body
    assert "/wp-content/uploads/2024/05/fehlt.jpg" in article.body
    assert (Path(settings.MEDIA_ROOT) / "wordpress" / "2024" / "05" / "bild.jpg").is_file()
    assert "Bild fehlt: 2024/05/fehlt.jpg" in output
    assert "kopierte Bilder: 1" in output


def test_images_come_from_a_zip_too_and_nothing_is_downloaded(tmp_path):
    archive = tmp_path / "uploads.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("uploads/2024/05/bild.jpg", jpeg_bytes())
        zf.writestr("../../boese.jpg", jpeg_bytes())
    content = (
        '<img src="https://alt.example/wp-content/uploads/2024/05/bild.jpg" alt="A">'
        '<img src="https://alt.example/wp-content/uploads/../../boese.jpg" alt="B">'
    )

    run(export(tmp_path, item(1, content=content)), "--media-dir", archive)

    body = Article.objects.get().body
    assert 'src="/media/wordpress/2024/05/bild.jpg"' in body
    assert "boese" in body and "/media/" not in body.split("boese")[0].rsplit("src=", 1)[1]


def test_a_broken_image_file_is_a_warning_not_a_failure(tmp_path):
    uploads = tmp_path / "uploads" / "2024" / "05"
    uploads.mkdir(parents=True)
    (uploads / "kaputt.jpg").write_bytes(b"<html>kein Bild</html>")
    content = '<img src="https://alt.example/wp-content/uploads/2024/05/kaputt.jpg" alt="K">'

    output = run(export(tmp_path, item(1, content=content)), "--media-dir", tmp_path / "uploads")

    assert Article.objects.count() == 1
    assert "Bild 2024/05/kaputt.jpg nicht übernommen" in output


# -- formats and bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "namespace", ["http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/"]
)
def test_both_namespace_spellings_are_imported(tmp_path, namespace):
    run(export(tmp_path, item(1, categories=[("schlaf", "Schlaf")]), namespace=namespace))

    article = Article.objects.get()
    assert article.category.name == "Schlaf"
    assert article.body == "<p>Erster Absatz.</p>\n<p>Zweiter Absatz.</p>"


def test_wxr_1_1_is_imported(tmp_path):
    run(export(tmp_path, item(1), namespace="http://wordpress.org/export/1.1/", version="1.1"))

    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "kein gültiges XML: Fehler in Zeile 1"),
        ("Hallo, ich bin ein Text.", "kein gültiges XML: Fehler in Zeile 1"),
        ("<html><body><p>Eine Webseite</p></body></html>", "keine WordPress-Exportdatei"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
            "<item><title>x</title></item></channel></rss>",
            "keine WordPress-Exportdatei",
        ),
        (
            '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>Kaputt</item>\n"
            "</channel></rss>",
            "kein gültiges XML: Fehler in Zeile 5,",
        ),
        (
            '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/9.0/"><channel>'
            "<wp:wxr_version>9.0</wp:wxr_version></channel></rss>",
            "keine WordPress-Exportdatei",
        ),
        (
            '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            "<wp:wxr_version>2.0</wp:wxr_version></channel></rss>",
            r"Diese WXR-Version \(2.0\) kennt der Import nicht",
        ),
    ],
    ids=["empty", "text", "html", "plain-rss", "broken-xml", "foreign-namespace", "version"],
)
def test_bad_files_are_refused_in_german_and_change_nothing(tmp_path, content, message):
    Article.objects.create(title="Bleibt", slug="bleibt")
    path = tmp_path / "export.xml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message) as refused:
        run(path)

    assert "Es wurde nichts geändert." in str(refused.value)
    assert list(Article.objects.values_list("slug", flat=True)) == ["bleibt"]


def test_broken_xml_after_valid_posts_imports_none_of_them(tmp_path):
    path = export(tmp_path, item(1), item(2))
    text = path.read_text(encoding="utf-8").replace("</channel>", "<item><title></channel>")
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="kein gültiges XML"):
        run(path)
    assert Article.objects.count() == 0


def test_a_missing_file_or_media_dir_is_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="lässt sich nicht lesen"):
        run(tmp_path / "gibt-es-nicht.xml")
    with pytest.raises(CommandError, match=r"Den Ordner .* gibt es nicht"):
        run(export(tmp_path, item(1)), "--media-dir", tmp_path / "fehlt")
    not_a_zip = tmp_path / "bilder.zip"
    not_a_zip.write_bytes(b"kein zip")
    with pytest.raises(CommandError, match="keine gültige ZIP-Datei"):
        run(export(tmp_path, item(1)), "--media-dir", not_a_zip)
    assert Article.objects.count() == 0


def test_an_import_that_stops_midway_leaves_the_blog_as_it_was(tmp_path):
    path = export(tmp_path, item(1), item(2), item(3))

    def interrupt(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        wordpress_import(path=path, progress=interrupt)

    assert Article.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert WordPressPost.objects.count() == 0


def test_entities_and_external_references_in_the_xml_are_not_followed(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM", encoding="utf-8")
    path = tmp_path / "export.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title>&x;</title></item></channel></rss>",
        encoding="utf-8",
    )

    with pytest.raises(ImportFailed):
        wordpress_import(path=path)
    assert not Article.objects.filter(title__contains="GEHEIM").exists()


# -- what other parts of the blog see --------------------------------------------------------


def test_imported_articles_are_found_by_the_search(tmp_path):
    run(
        export(
            tmp_path,
            item(1, title="Zahnen ohne Tränen", content="Wenn die ersten Zähne kommen."),
            item(2, title="Anderes Thema", content="Vom Radfahren lernen."),
        )
    )

    found = Article.objects.published().search("Zähne")
    assert [a.title for a in found] == ["Zahnen ohne Tränen"]


def test_imported_articles_are_found_by_their_tags_and_category(tmp_path):
    run(
        export(
            tmp_path,
            item(1, title="Ein langer Tag", categories=[("gefuehle", "Gefühle")], tags=["Trotz"]),
            item(2, title="Anderes Thema", content="Vom Radfahren lernen."),
        )
    )

    assert [a.title for a in Article.objects.published().search("Trotz")] == ["Ein langer Tag"]
    assert [a.title for a in Article.objects.published().search("Gefühle")] == ["Ein langer Tag"]


def test_related_lists_are_computed_once_the_import_is_committed(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    sleep = "Einschlafen Abendritual Kuscheltier Schlaflied Nachtlicht"
    path = export(
        tmp_path,
        item(1, title="Einschlafen mit Ritual", content=sleep, tags=["Schlaf"]),
        item(2, title="Abendritual für Kleine", content=sleep, tags=["Schlaf"]),
        item(3, title="Schlaflied am Abend", content=sleep, tags=["Schlaf"]),
    )

    with django_capture_on_commit_callbacks(execute=True):
        run(path)

    first = Article.objects.get(slug="beitrag-1")
    assert set(first.related_list.values_list("related__slug", flat=True)) == {
        "beitrag-2",
        "beitrag-3",
    }


def test_an_entity_bomb_is_refused_without_exhausting_memory(tmp_path):
    entities = '<!ENTITY a0 "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    path = tmp_path / "bombe.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{entities}]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title>&a9;</title></item></channel></rss>",
        encoding="utf-8",
    )

    with pytest.raises(ImportFailed, match="kein gültiges XML"):
        wordpress_import(path=path)
    assert Article.objects.count() == 0
