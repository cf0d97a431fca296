"""An import job deleted in the admin takes its uploaded files with it, once that is committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from blog.wordpress.models import WordPressImport


@receiver(post_delete, sender=WordPressImport, dispatch_uid="wordpress_import_files_deleted")
def import_files_deleted(sender, instance, **kwargs):
    for upload in (instance.export_file, instance.media_zip):
        if upload:
            transaction.on_commit(partial(upload.storage.delete, upload.name))
