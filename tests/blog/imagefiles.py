"""Image files made on the spot with Pillow, for upload tests."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(kind="PNG", size=(64, 48), color=(200, 120, 40), **save_options):
    out = BytesIO()
    mode = "RGBA" if kind == "PNG" else "RGB"
    Image.new(mode, size, color).save(out, kind, **save_options)
    return out.getvalue()


def upload(content, name="bild.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_header_only(width, height):
    """A PNG that claims `width`×`height` pixels: all a decompression bomb needs to say."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def jpeg_with_gps():
    image = Image.new("RGB", (40, 30), (10, 150, 90))
    exif = Image.Exif()
    exif[0x010F] = "Kamerahersteller"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS: somewhere in Berlin
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
