import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ImportFileStorage(FileSystemStorage):
    """Uploaded exports live in settings.WORDPRESS_IMPORT_DIR, never under the public media.

    The location is read on every use rather than once, so it follows the setting in tests.
    """

    @property
    def base_location(self):
        return settings.WORDPRESS_IMPORT_DIR

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def import_file_storage():
    return ImportFileStorage()
