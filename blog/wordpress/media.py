"""Files of the old blog's `wp-content/uploads`, from a folder or a zip; nothing is downloaded."""

import re
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

# An upload address in a post: `…/wp-content/uploads/<path>` on any host or site-relative,
# or `<site>.files.wordpress.com/<path>`, where WordPress.com keeps the same folder.
UPLOAD_URL = re.compile(
    r"""(?:(?:(?:https?:)?//[^/\s"'<>]+)?/wp-content/uploads/(?P<path>[^\s"'<>?#\])]+)"""
    r"""|(?:https?:)?//[\w-]+\.files\.wordpress\.com/(?P<wpcom>[^\s"'<>?#\])]+))"""
    r"""(?:\?[^\s"'<>#]*)?"""  # WordPress.com's resizing parameters (?w=604) go too
)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def matched_path(match):
    """The path below `uploads/` of an UPLOAD_URL match, made safe."""
    return safe_path(match.group("path") or match.group("wpcom"))


def upload_path(url):
    """`https://…/wp-content/uploads/2024/05/bild.jpg` → `2024/05/bild.jpg` (else "")."""
    match = UPLOAD_URL.search(url)
    return matched_path(match) if match else ""


def safe_path(path):
    """A relative path inside the uploads folder, or "" for anything that leaves it."""
    parts = PurePosixPath(unquote(path).replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts:
        return ""
    return "/".join(parts)


class MediaSource:
    """Looks files up by their path below `uploads/`, in a folder or a zip.

    The folder may be `uploads` itself, `wp-content` or the WordPress root; the zip may
    hold the files with any of these prefixes.
    """

    PREFIXES = ("", "uploads/", "wp-content/uploads/")

    def __init__(self, location):
        self.location = Path(location)
        self.zip = None
        self.members = {}
        if self.location.is_file():
            try:
                self.zip = zipfile.ZipFile(self.location)
            except zipfile.BadZipFile as error:
                raise ValueError(f"{self.location.name} ist keine gültige ZIP-Datei.") from error
            for info in self.zip.infolist():
                if not info.is_dir():
                    name = info.filename
                    if "uploads/" in name:
                        name = name.rsplit("uploads/", 1)[1]
                    self.members.setdefault(safe_path(name), info)
        elif not self.location.is_dir():
            raise ValueError(f"Den Ordner {self.location} gibt es nicht.")

    def _file(self, path):
        for prefix in self.PREFIXES:
            candidate = (self.location / prefix / path).resolve()
            if candidate.is_file() and candidate.is_relative_to(self.location.resolve()):
                return candidate
        return None

    def exists(self, path):
        if not path:
            return False
        return path in self.members if self.zip else self._file(path) is not None

    def read(self, path):
        """The file as a ContentFile, or None if it is not there."""
        if self.zip:
            info = self.members.get(path)
            size = info.file_size if info else 0
        else:
            info = self._file(path) if path else None
            size = info.stat().st_size if info else 0
        if info is None:
            return None
        if size > settings.UPLOAD_IMAGE_MAX_BYTES:
            # Checked before reading, so a huge (or zip-bombed) file never lands in memory.
            raise ValidationError(f"Die Datei ist mit {size / 1_000_000:.1f} MB zu groß.")
        data = self.zip.read(info) if self.zip else info.read_bytes()
        return ContentFile(data, name=PurePosixPath(path).name)

    def close(self):
        if self.zip:
            self.zip.close()
