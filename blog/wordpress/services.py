"""Writes with rules for the admin's import jobs: an uploaded export never outlives its use.

Exports hold the old blog's e-mail addresses and drafts. Their files are deleted when the
job ends (imported or failed), when the job is deleted (signals.py), and daily for
anything older than a day (`wordpress_import_files_cleanup`), checked or not.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from blog.wordpress.models import WordPressImport

KEPT_FOR = timedelta(days=1)
EXPIRED = (
    "Die hochgeladenen Dateien wurden nach einem Tag gelöscht, weil sie E-Mail-Adressen und "
    "Entwürfe enthalten. Bitte laden Sie die Exportdatei neu hoch."
)


def wordpress_import_files_delete(*, job):
    """Delete the job's uploaded export and zip and forget them on the job."""
    for upload in (job.export_file, job.media_zip):
        if upload:
            upload.delete(save=False)
    job.save(update_fields=["export_file", "media_zip"])


def wordpress_import_files_cleanup(*, now=None):
    """Delete every uploaded file older than a day; a job still waiting for its files fails.

    Run daily. Returns how many files were deleted.
    """
    now = now or timezone.now()
    cutoff = now - KEPT_FOR
    deleted = 0
    with transaction.atomic():
        stale = WordPressImport.objects.select_for_update().filter(
            Q(created_at__lt=cutoff) & ~(Q(export_file="") & Q(media_zip=""))
        )
        for job in stale:
            deleted += bool(job.export_file) + bool(job.media_zip)
            if not job.is_finished:
                job.status = WordPressImport.Status.FAILED
                job.error = EXPIRED
                job.finished_at = now
                job.save(update_fields=["status", "error", "finished_at"])
            wordpress_import_files_delete(job=job)
    return deleted + _delete_files_older_than(Path(settings.WORDPRESS_IMPORT_DIR), cutoff)


def _delete_files_older_than(folder, cutoff):
    """Files no job refers to any more (its row deleted in bulk, a crash mid-upload)."""
    if not folder.is_dir():
        return 0
    deleted = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
