"""Uploaded images: only real raster images get in, and only as freshly encoded pixels.

Every upload (CKEditor image, cover) is decoded with Pillow and written anew, so whatever
rides along in the file (EXIF with GPS, an HTML or script tail of a polyglot file) is gone.
Covers get WebP renditions in a few widths, made once when the cover is saved; images in
article bodies get theirs when uploaded, or once when an article showing them is saved
(blog/body.py).
"""

import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from PIL import Image, ImageOps, UnidentifiedImageError

from blog.slugs import german_slugify

# Pillow format name → file extension; nothing else is accepted (no SVG, BMP, TIFF …).
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
COVER_WIDTHS = (480, 800, 1200)
NOT_AN_IMAGE = (
    "Das ist kein Bild im Format JPEG, PNG, WebP oder GIF. Bitte ein solches Bild wählen."
)


def reencode_image(upload):
    """Validate an uploaded file and return it as a newly encoded image (a ContentFile).

    Raises ValidationError with a German message for anything that is not a plain
    JPEG, PNG, WebP or GIF within the configured byte and pixel limits.
    """
    max_bytes = settings.UPLOAD_IMAGE_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"Die Datei ist mit {upload.size / 1_000_000:.1f} MB zu groß. "
            f"Erlaubt sind höchstens {max_bytes / 1_000_000:.0f} MB.",
            code="too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            _check_pixels(image)
            if image.format not in FORMATS:
                raise ValidationError(NOT_AN_IMAGE, code="format")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(NOT_AN_IMAGE, code="format") from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "Das Bild ist beschädigt oder unvollständig und lässt sich nicht öffnen.",
            code="broken",
        ) from None
    return ContentFile(_encode(image), name=_filename(upload.name, image.format))


def _check_pixels(image):
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > settings.UPLOAD_IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels():
    megapixels = settings.UPLOAD_IMAGE_MAX_PIXELS / 1_000_000
    return ValidationError(
        f"Das Bild hat zu viele Bildpunkte. Erlaubt sind höchstens {megapixels:.0f} Megapixel; "
        "bitte vor dem Hochladen verkleinern.",
        code="too_many_pixels",
    )


def _encode(image):
    out = BytesIO()
    kind = image.format
    if kind == "GIF":
        # Animated GIFs keep their frames; metadata and trailing bytes stay behind.
        image.save(out, "GIF", save_all=getattr(image, "n_frames", 1) > 1)
        return out.getvalue()
    # Phone photos are often stored sideways with an EXIF hint; bake the rotation in,
    # since the EXIF block is dropped.
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _filename(original, kind):
    stem = german_slugify(PurePath(original or "").stem, max_length=80) or "bild"
    return f"{stem}.{FORMATS[kind]}"


def cover_rendition(width):
    """A WebP copy of the cover at most `width` pixels wide, aspect kept."""
    return ImageSpecField(
        source="cover_image",
        processors=[ResizeToFit(width, upscale=False)],
        format="WEBP",
        options={"quality": 80},
    )


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def cover_renditions(article):
    """The distinct renditions of an article's cover, narrowest first, for `srcset`.

    Sizes come from the stored cover dimensions, so no file is opened while rendering.
    """
    width, height = article.cover_width, article.cover_height
    if not (article.cover_image and width and height):
        return []
    renditions = []
    for target in COVER_WIDTHS:
        actual = min(target, width)
        spec = getattr(article, f"cover_{target}")
        renditions.append(Rendition(spec.url, actual, round(height * actual / width)))
        if actual == width:
            break  # wider renditions would be the same pixels again
    return renditions


def cover_thumbnail(article):
    """The narrowest rendition alone, for small cards: one file name to work out, not three
    (each costs imagekit a hash of its spec)."""
    width, height = article.cover_width, article.cover_height
    if not (article.cover_image and width and height):
        return None
    shown = min(COVER_WIDTHS[0], width)
    return Rendition(article.cover_480.url, shown, round(height * shown / width))


# --- Images in article bodies ------------------------------------------------------------
# Their WebP renditions sit beside the upload ("bild.jpg" → "bild.800w.webp"); upload names
# are slugs without dots, so a rendition's name never meets an upload's.
BODY_WIDTHS = (480, 800, 1200)


def body_rendition_name(name, width):
    return f"{PurePath(name).with_suffix('')}.{width}w.webp"


def body_image_prepare(name, storage=None):
    """Make the missing WebP renditions of an uploaded body image; return its facts.

    Facts are what the page needs without opening a file: {"size": [w, h], "widths": […]}.
    Returns None when the file is not there or is no image. Animated GIFs get no renditions
    (a WebP copy would lose the motion), only their size.
    """
    storage = storage or default_storage
    try:
        with storage.open(name) as source:
            image = Image.open(source)
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    width, height = image.size
    widths = []
    if image.format != "GIF":
        widths = sorted({min(target, width) for target in BODY_WIDTHS})
        for target in widths:
            _save_rendition(storage, image, body_rendition_name(name, target), target)
    return {"size": [width, height], "widths": widths}


def _save_rendition(storage, image, name, width):
    if storage.exists(name):
        return
    copy = ImageOps.exif_transpose(image).convert("RGBA" if _has_alpha(image) else "RGB")
    copy.thumbnail((width, width * 10))
    out = BytesIO()
    copy.save(out, "WEBP", quality=80)
    storage.save(name, ContentFile(out.getvalue()))


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
