"""The images of imported posts (WordPress attachments), brought into the blog's media.

An image comes from the uploads folder or zip when there is one, else, with
`fetch_media`, from the old site itself (blog/wordpress/fetch.py). Either way it is
re-encoded like every upload. An image that cannot be brought in keeps its old address
and its alt text, with a warning; the page shows the alt text in its place.
"""

import html
import re
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from blog.images import reencode_image
from blog.wordpress.fetch import FetchFailed, RemoteMedia
from blog.wordpress.media import IMAGE_SUFFIXES, UPLOAD_URL, MediaSource, matched_path

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
# WordPress marks an inserted image with its attachment's id: class="… wp-image-123".
ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")


class Images:
    def __init__(self, *, site, media=None, fetch=False, dry_run=False, summary):
        self.site = site
        self.summary = summary
        self.dry_run = dry_run
        self.local = MediaSource(media) if media else None
        self.remote = RemoteMedia(site.site_url) if fetch else None
        self.urls = {}  # upload path → its URL here, or None when it stays on the old site
        self.retry = set()  # paths that failed for now; their posts are redone next run
        self.saved_files = []

    def cover_of(self, item):
        return self.site.attachments.get(_int(item.meta.get("_thumbnail_id")))

    def paths(self, item):
        """The upload paths the post refers to: its body's images and its cover."""
        paths = {matched_path(m) for m in UPLOAD_URL.finditer(item.content)}
        cover = self.cover_of(item)
        if cover:
            paths.add(cover.path)
        paths.discard("")
        return paths

    def fingerprint(self, item, paths):
        """What decides the post's images, for the hash that tells a rerun what changed."""
        cover = self.cover_of(item)
        return [
            [cover.path, cover.alt] if cover else None,
            sorted((path, bool(self.local and self.local.exists(path))) for path in paths),
            bool(self.remote),
        ]

    def complete(self, paths):
        """False if one of the paths may come in on a later run (the old site failed for now)."""
        return self.retry.isdisjoint(paths)

    def cover(self, item, record, article):
        cover = self.cover_of(item)
        if not cover or not cover.path:
            return
        if cover.path == record.cover_source and article.cover_image:
            return
        content = self._read(item, cover.path)
        if content is None:
            return
        article.cover_image.save(content.name, content, save=False)
        self.saved_files.append(article.cover_image.name)
        article.cover_alt = cover.alt[:250]
        if not cover.alt:
            self.summary.warn(item, "Titelbild ohne Alternativtext – bitte ergänzen.", "images")
        record.cover_source = cover.path

    def rewrite(self, item, text):
        """Upload addresses pointed at the copies here; every <img> with its alt text."""
        text = UPLOAD_URL.sub(lambda match: self._url(item, match), text)
        return IMG_TAG.sub(self._with_alt, text)

    def _url(self, item, match):
        path = matched_path(match)
        if not path:
            return match.group(0)
        if not path.lower().endswith(IMAGE_SUFFIXES):
            self.summary.warn(
                item, f"Datei {path} ist kein Bild und bleibt auf der alten Seite.", "images"
            )
            return match.group(0)
        if path not in self.urls:
            self.urls[path] = self._store(item, path)
        return self.urls[path] or match.group(0)

    def _store(self, item, path):
        content = self._read(item, path)
        if content is None:
            return None
        folder = path.rpartition("/")[0]
        name = f"wordpress/{folder}/{content.name}" if folder else f"wordpress/{content.name}"
        if not default_storage.exists(name):
            name = default_storage.save(name, content)
            self.saved_files.append(name)
            self.summary.extras["images"] += 1
        return default_storage.url(name)

    def _with_alt(self, match):
        """The tag with the attachment's alt text where the post left it empty or out."""
        tag = match.group(0)
        found = ALT.search(tag)
        if found and any(found.groups()):
            return tag
        attachment_id = ATTACHMENT_CLASS.search(tag)
        attachment = (
            self.site.attachments.get(int(attachment_id.group(1))) if attachment_id else None
        )
        alt = html.escape(attachment.alt if attachment else "")
        if found:
            return f'{tag[: found.start()]} alt="{alt}"{tag[found.end() :]}' if alt else tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} alt="{alt}"{tag[end:]}'

    def _read(self, item, path):
        """The image at `path`, freshly encoded, or None with a warning."""
        try:
            content = self._find(path)
            if content is None:
                self._missing(item, path)
                return None
            return reencode_image(content)
        except FetchFailed as error:
            if not error.lasting:
                self.retry.add(path)
            self._missing(item, path, f"nicht geladen: {error}")
        except (ValidationError, zipfile.BadZipFile, OSError) as error:
            message = " ".join(getattr(error, "messages", [str(error)]))
            self.summary.warn(item, f"Bild {path} nicht übernommen: {message}", "images")
        return None

    def _find(self, path):
        if self.local and self.local.exists(path):
            return self.local.read(path)
        if self.remote and not self.dry_run:
            return self.remote.read(path)
        return None

    def _missing(self, item, path, reason=""):
        if self.remote and self.dry_run:
            # A dry run downloads nothing; the import itself brings these in.
            self.summary.extras["images_to_fetch"] += 1
            return
        self.summary.extras["missing_images"] += 1
        if reason:
            message = f"Bild {path} {reason}"
        elif self.remote:
            message = f"Bild fehlt: {path} – auch die alte Seite hat es nicht."
        else:
            message = f"Bild fehlt: {path} – bis es übernommen ist, steht dort sein Alternativtext."
        self.summary.warn(item, message, "images")

    def delete_saved_files(self):
        for name in self.saved_files:
            default_storage.delete(name)
        self.saved_files.clear()

    def close(self):
        if self.local:
            self.local.close()


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
