"""Uploaded exports (addresses, drafts) leave var/wordpress-import/ once they are done with."""

import io
import os
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blog.models import Article
from blog.wordpress.models import WordPressImport
from blog.wordpress.services import wordpress_import_files_cleanup
from tests.blog.wordpress_files import fixture

UPLOAD_URL = "/admin/blog/wordpressimport/hochladen/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs_inline")]


def upload(author_client, content=None, *, with_zip=True):
    files = {
        "export_file": SimpleUploadedFile(
            "export.xml", content or fixture("familienblog.xml").read_bytes(), "text/xml"
        )
    }
    if with_zip:
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zf:
            zf.writestr("uploads/2024/05/liste.txt", "keine Bilder")
        files["media_zip"] = SimpleUploadedFile("bilder.zip", archive.getvalue())
    author_client.post(UPLOAD_URL, files)
    return WordPressImport.objects.get()


def stored_files(settings):
    return sorted(p.name for p in Path(settings.WORDPRESS_IMPORT_DIR).rglob("*") if p.is_file())


def test_a_failed_check_deletes_the_uploaded_files(author_client, settings):
    job = upload(author_client, b"<rss><channel></channel></rss>", with_zip=False)

    assert job.status == WordPressImport.Status.FAILED
    assert not job.export_file
    assert stored_files(settings) == []


def test_a_checked_job_keeps_its_files_for_the_import_that_follows(author_client, settings):
    upload(author_client, fixture("bloecke.xml").read_bytes(), with_zip=False)

    job = WordPressImport.objects.get()
    assert job.status == WordPressImport.Status.CHECKED
    assert stored_files(settings) == ["export.xml"]


def test_a_failed_import_deletes_the_uploaded_files(author_client, settings):
    job = upload(author_client, fixture("bloecke.xml").read_bytes(), with_zip=False)
    # The file changes between check and import (a disk fault, a hand on the server).
    Path(job.export_file.path).write_bytes(fixture("abgebrochen.xml").read_bytes())

    author_client.post(f"/admin/blog/wordpressimport/{job.pk}/starten/")

    job.refresh_from_db()
    assert job.status == WordPressImport.Status.FAILED
    assert "kein gültiges XML" in job.error
    assert stored_files(settings) == []
    assert Article.objects.count() == 0


def test_deleting_a_job_deletes_its_files(
    author_client, settings, django_capture_on_commit_callbacks
):
    job = upload(author_client, fixture("bloecke.xml").read_bytes())
    assert len(stored_files(settings)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            "/admin/blog/wordpressimport/",
            {"action": "delete_selected", "_selected_action": [job.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not WordPressImport.objects.exists()
    assert stored_files(settings) == []


def test_the_daily_cleanup_deletes_what_is_older_than_a_day(author_client, settings):
    waiting = upload(author_client, fixture("bloecke.xml").read_bytes())
    orphan = Path(settings.WORDPRESS_IMPORT_DIR) / "exports" / "verwaist.xml"
    orphan.write_text("<rss/>", encoding="utf-8")
    a_day_ago = (timezone.now() - timedelta(hours=2)).timestamp()
    os.utime(orphan, (a_day_ago, a_day_ago))

    assert wordpress_import_files_cleanup(now=timezone.now() + timedelta(hours=23)) == 1
    assert stored_files(settings) == ["bilder.zip", "export.xml"]

    deleted = wordpress_import_files_cleanup(now=timezone.now() + timedelta(days=1, minutes=1))

    assert deleted == 2
    assert stored_files(settings) == []
    waiting.refresh_from_db()
    assert waiting.status == WordPressImport.Status.FAILED
    assert "nach einem Tag gelöscht" in waiting.error
    assert not waiting.export_file and not waiting.media_zip


def test_an_expired_job_cannot_be_started(author_client):
    job = upload(author_client, fixture("bloecke.xml").read_bytes())
    wordpress_import_files_cleanup(now=timezone.now() + timedelta(days=2))

    response = author_client.post(f"/admin/blog/wordpressimport/{job.pk}/starten/", follow=True)

    assert "nicht (mehr) bereit zum Start" in response.content.decode()
    assert "Bitte laden Sie die Exportdatei neu hoch." in response.content.decode()
    assert Article.objects.count() == 0
