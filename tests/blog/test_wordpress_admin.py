"""The admin page "Aus WordPress importieren": upload, dry-run summary, background import."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Article
from blog.wordpress.models import WordPressImport
from blog.wordpress.tasks import progress_key
from tests.blog.wordpress_files import export, fixture, item, jpeg_bytes

UPLOAD_URL = "/admin/blog/wordpressimport/hochladen/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs_inline")]


def export_upload(name="familienblog.xml"):
    return SimpleUploadedFile(name, fixture(name).read_bytes(), content_type="text/xml")


def detail_url(job):
    return f"/admin/blog/wordpressimport/{job.pk}/change/"


def test_the_admin_index_links_to_the_import_page(author_client):
    response = author_client.get("/admin/")

    assert "Aus WordPress importieren" in response.content.decode()


def test_visitors_are_sent_to_the_login(client):
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_add_button_leads_to_the_upload_form(author_client):
    response = author_client.get("/admin/blog/wordpressimport/add/")

    assert response.status_code == 302
    assert response["Location"] == UPLOAD_URL
    page = author_client.get(UPLOAD_URL).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="export_file"' in page and 'name="media_zip"' in page
    assert "Hochladen und prüfen" in page
    assert "Höchstens 1 GB zusammen." in page


def test_an_upload_is_checked_first_and_changes_nothing(author_client, author, settings):
    response = author_client.post(UPLOAD_URL, {"export_file": export_upload(), "author": ""})

    job = WordPressImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(job)
    assert job.status == WordPressImport.Status.CHECKED
    assert job.created_by == author
    assert job.summary["dry_run"] is True
    assert job.summary["counts"]["post"]["created"] == 17
    assert Article.objects.count() == 0
    # Exports hold e-mail addresses and drafts: they stay out of the public media folder.
    assert Path(job.export_file.path).is_relative_to(settings.WORDPRESS_IMPORT_DIR)
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.xml"))
    page = author_client.get(detail_url(job)).content.decode()
    assert "Probelauf: das würde passieren" in page
    assert "<td>17</td>" in page
    assert "Import jetzt starten" in page


def test_starting_the_checked_import_imports_and_deletes_the_upload(author_client, author):
    author_client.post(UPLOAD_URL, {"export_file": export_upload(), "author": author.pk})
    job = WordPressImport.objects.get()
    stored = Path(job.export_file.path)
    assert stored.is_file()

    response = author_client.post(f"/admin/blog/wordpressimport/{job.pk}/starten/")

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == WordPressImport.Status.DONE
    assert Article.objects.count() == 17
    assert job.summary["dry_run"] is False
    assert not stored.exists() and not job.export_file
    page = author_client.get(detail_url(job)).content.decode()
    assert "Ergebnis" in page and "Import jetzt starten" not in page


def test_an_import_cannot_be_started_twice(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload("bloecke.xml")})
    job = WordPressImport.objects.get()
    author_client.post(f"/admin/blog/wordpressimport/{job.pk}/starten/")

    response = author_client.post(f"/admin/blog/wordpressimport/{job.pk}/starten/", follow=True)

    assert "nicht (mehr) bereit zum Start" in response.content.decode()
    assert Article.objects.count() == 5


def test_starting_needs_a_post(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload("bloecke.xml")})
    job = WordPressImport.objects.get()

    response = author_client.get(f"/admin/blog/wordpressimport/{job.pk}/starten/")

    assert response.status_code == 405
    assert Article.objects.count() == 0


def test_a_running_import_shows_its_progress_and_refreshes(author_client, author):
    job = WordPressImport.objects.create(
        export_file="exports/x.xml", status=WordPressImport.Status.RUNNING, created_by=author
    )
    cache.set(progress_key(job.pk), (93, 186))

    page = author_client.get(detail_url(job)).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="wordpress-import-progress" max="186" value="93">50 %</progress>' in page
    assert "50 % (93 von 186 Einträgen)" in page


def test_a_file_that_is_not_xml_is_refused_by_the_form(author_client):
    upload = SimpleUploadedFile("export.xml", b"\x89PNG\r\n\x1a\n....", content_type="text/xml")

    response = author_client.post(UPLOAD_URL, {"export_file": upload})

    assert response.status_code == 200
    assert "Das ist keine XML-Datei." in response.content.decode()
    assert WordPressImport.objects.count() == 0


def test_xml_that_is_not_wxr_fails_with_a_german_message(author_client):
    upload = SimpleUploadedFile("feed.xml", b"<rss><channel></channel></rss>")

    author_client.post(UPLOAD_URL, {"export_file": upload})

    job = WordPressImport.objects.get()
    assert job.status == WordPressImport.Status.FAILED
    assert "keine WordPress-Exportdatei" in job.error
    assert "Es wurde nichts geändert." in author_client.get(detail_url(job)).content.decode()


def test_a_media_upload_must_be_a_zip(author_client):
    media = SimpleUploadedFile("bilder.zip", b"kein zip")

    response = author_client.post(UPLOAD_URL, {"export_file": export_upload(), "media_zip": media})

    assert "Die Bilder bitte als ZIP-Datei hochladen." in response.content.decode()
    assert WordPressImport.objects.count() == 0


def test_images_from_an_uploaded_zip_are_used(author_client, settings):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("wp-content/uploads/2023/06/notiz.txt", "kein Bild")
    media = SimpleUploadedFile("uploads.zip", archive.getvalue(), content_type="application/zip")

    author_client.post(UPLOAD_URL, {"export_file": export_upload(), "media_zip": media})

    job = WordPressImport.objects.get()
    assert job.status == WordPressImport.Status.CHECKED
    assert Path(job.media_zip.path).is_relative_to(settings.WORDPRESS_IMPORT_DIR)


def test_an_oversized_upload_is_refused_before_it_is_read(author_client, settings):
    settings.WORDPRESS_IMPORT_MAX_BYTES = 1000
    big = SimpleUploadedFile("export.xml", b"<rss>" + b" " * 200_000 + b"</rss>")

    response = author_client.post(UPLOAD_URL, {"export_file": big})

    assert response.status_code == 413
    assert "Die Dateien sind zusammen zu groß: Hochladen geht bis 1 KB." in (
        response.content.decode()
    )
    assert "manage.py import_wordpress" in response.content.decode()
    assert WordPressImport.objects.count() == 0


def test_the_upload_form_still_needs_its_csrf_token(client, author):
    client.handler.enforce_csrf_checks = True
    client.force_login(author)

    response = client.post(UPLOAD_URL, {"export_file": export_upload()})

    assert response.status_code == 403
    assert WordPressImport.objects.count() == 0


# -- the summary page ----------------------------------------------------------------------


def test_the_start_button_comes_before_the_warnings_which_are_grouped_and_folded(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload()})
    job = WordPressImport.objects.get()

    page = author_client.get(detail_url(job)).content.decode()

    assert page.index("Import jetzt starten") < page.index("Warnungen (")
    groups = re.findall(
        r'<details class="wordpress-import-warnings">\s*<summary>([^<]+)</summary>', page
    )
    assert groups == [
        "Bilder (7)",
        "Inhalte (Shortcodes, Passwortschutz, Datum) (5)",
        "Titel, Kurznamen und Adressen (4)",
        "Sonstiges (2)",
    ]
    assert "Warnungen (18)" in page


def test_the_page_explains_what_sonstiges_skipped_means(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload()})

    page = author_client.get(detail_url(WordPressImport.objects.get())).content.decode()

    assert "„Sonstiges“ zählt, was in WordPress weder Beitrag noch Seite ist." in page
    assert "<li>Menüeinträge (die Navigation hier bilden die Kategorien): 2</li>" in page
    assert "<li>Beiträge und Seiten im Papierkorb oder automatische Entwürfe: 2</li>" in page


def test_a_clear_note_says_images_will_be_missing_without_zip_or_download(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload()})

    page = author_client.get(detail_url(WordPressImport.objects.get())).content.decode()

    note = page[page.index('id="wordpress-import-images-missing"') :]
    assert "8 Bilder fehlen." in note
    assert "zeigen die Artikel an ihrer Stelle den Alternativtext" in note
    assert f'<a href="{UPLOAD_URL}">die Exportdatei noch einmal hochladen</a>' in note


def test_with_the_download_chosen_the_check_says_what_the_import_will_fetch(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload(), "fetch_media": "on"})
    job = WordPressImport.objects.get()

    page = author_client.get(detail_url(job)).content.decode()

    assert job.fetch_media is True
    assert 'id="wordpress-import-images-missing"' not in page
    assert "Der Probelauf lädt noch keine Bilder: 8" in page


def test_new_categories_are_named_with_a_link_to_show_them(author_client):
    author_client.post(UPLOAD_URL, {"export_file": export_upload()})

    page = author_client.get(detail_url(WordPressImport.objects.get())).content.decode()

    assert "4 neue Kategorien" in page
    assert "erscheinen erst in der Navigation der Website, wenn Sie" in page
    assert '<a href="/admin/blog/category/?show_in_nav__exact=0">' in page


def test_a_summary_stored_before_warnings_were_grouped_still_shows(author_client, author):
    job = WordPressImport.objects.create(
        export_file="exports/alt.xml",
        status=WordPressImport.Status.DONE,
        created_by=author,
        summary={
            "dry_run": False,
            "counts": {"post": {"created": 2}},
            "extras": {"categories": 0, "users": 0, "redirects": 2, "images": 0},
            "warnings": ["Beitrag 1: Ohne Titel – heißt jetzt „Ohne Titel“."],
        },
    )

    page = author_client.get(detail_url(job)).content.decode()

    assert "<summary>Sonstiges (1)</summary>" in page
    assert "Beitrag 1: Ohne Titel" in page


def test_the_upload_form_offers_to_fetch_images_from_the_old_site(author_client):
    page = author_client.get(UPLOAD_URL).content.decode()

    assert 'type="checkbox" name="fetch_media"' in page
    assert "Bilder von der alten Website laden" in page


@pytest.mark.usefixtures("fetching_from_loopback")
def test_the_import_started_in_the_admin_fetches_the_images(author_client, old_site, tmp_path):
    old_site.image("2024/05/bild.jpg", jpeg_bytes())
    content = f'<img src="{old_site.url}/wp-content/uploads/2024/05/bild.jpg" alt="Ein Zelt">'
    path = export(tmp_path, item(1, content=content), site=old_site.url)
    upload = SimpleUploadedFile("export.xml", path.read_bytes(), content_type="text/xml")
    author_client.post(UPLOAD_URL, {"export_file": upload, "fetch_media": "on"})
    job = WordPressImport.objects.get()
    assert old_site.requests == []  # the check downloads nothing

    author_client.post(f"/admin/blog/wordpressimport/{job.pk}/starten/")

    assert '<img src="/media/wordpress/2024/05/bild.jpg" alt="Ein Zelt">' in (
        Article.objects.get().body
    )
    assert old_site.uploads_requested() == ["2024/05/bild.jpg"]


def test_the_nginx_example_lets_through_what_the_upload_page_promises(settings):
    deploy = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text("utf-8")
    block = re.search(r"location = (\S+) \{(.*?)\}", deploy[deploy.index("```nginx") :], re.DOTALL)
    limit = re.search(r"client_max_body_size (\d+)([kmg]);", block.group(2))
    unit = {"k": 1024, "m": 1024**2, "g": 1024**3}[limit.group(2)]

    assert block.group(1) == UPLOAD_URL
    assert int(limit.group(1)) * unit == settings.WORDPRESS_IMPORT_MAX_BYTES == 1024**3
