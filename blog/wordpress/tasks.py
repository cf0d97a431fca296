"""The admin's WordPress import runs here, in the task worker, not in a web request."""

import logging

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from blog.wordpress.importer import ImportFailed, wordpress_import
from blog.wordpress.models import WordPressImport
from blog.wordpress.services import wordpress_import_files_delete

logger = logging.getLogger(__name__)


def progress_key(import_id):
    return f"wordpress-import:{import_id}:progress"


def read_progress(import_id):
    """(done, total) of a running import, or None."""
    return cache.get(progress_key(import_id))


@task()
def wordpress_import_run(import_id, dry_run):
    """Check (dry run) or import an uploaded export and store the summary on the job."""
    job = WordPressImport.objects.get(pk=import_id)
    last = [-1]

    # The import is one transaction, so its progress cannot be read from the database
    # until it is done; the shared cache carries it to the admin page meanwhile.
    def progress(done, total):
        percent = done * 100 // max(total, 1)
        if percent != last[0]:
            last[0] = percent
            cache.set(progress_key(import_id), (done, total), 60 * 60)

    try:
        summary = wordpress_import(
            path=job.export_file.path,
            media=job.media_zip.path if job.media_zip else None,
            fetch_media=job.fetch_media,
            author=job.author,
            dry_run=dry_run,
            progress=progress,
        )
    except ImportFailed as error:
        job.status = WordPressImport.Status.FAILED
        job.error = f"{error} Es wurde nichts geändert."
    except Exception:
        logger.exception("WordPress-Import %s fehlgeschlagen", import_id)
        job.status = WordPressImport.Status.FAILED
        job.error = (
            "Der Import ist an einem unerwarteten Fehler gescheitert; es wurde nichts geändert. "
            "Die Einzelheiten stehen im Protokoll des Servers."
        )
    else:
        job.summary = summary.as_dict()
        job.status = WordPressImport.Status.CHECKED if dry_run else WordPressImport.Status.DONE
    finally:
        cache.delete(progress_key(import_id))
    job.finished_at = timezone.now()
    job.save()
    if job.is_finished:
        # Exports hold e-mail addresses and drafts: a job that ended keeps nothing.
        wordpress_import_files_delete(job=job)
