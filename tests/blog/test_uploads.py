"""CKEditor's image upload: staff only, raster images only, re-encoded, size-limited."""

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from PIL import Image

from tests.blog.imagefiles import image_bytes, jpeg_with_gps, png_header_only, upload

URL = "/ckeditor/upload/"
pytestmark = pytest.mark.django_db


def stored_files(settings):
    """The uploads themselves; their WebP renditions ("bild.480w.webp") lie beside them."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and not re.search(r"\.\d+w\.webp$", path.name)
    ]


def post_image(client, content, name="bild.png", content_type="image/png"):
    response = client.post(URL, {"upload": upload(content, name, content_type)})
    assert response.status_code == 200
    return response.json()


def test_anonymous_upload_is_refused_and_nothing_is_stored(client, settings):
    response = client.post(URL, {"upload": upload(image_bytes())})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert stored_files(settings) == []


def test_logged_in_reader_without_staff_status_is_refused(client, django_user_model, settings):
    client.force_login(django_user_model.objects.create_user("leserin", password="x"))

    response = client.post(URL, {"upload": upload(image_bytes())})

    assert response.status_code == 302
    assert stored_files(settings) == []


def test_file_browser_is_staff_only(client):
    assert client.get("/ckeditor/browse/").status_code == 302


def staff_with(django_user_model, *codenames):
    user = django_user_model.objects.create(username="mitarbeiterin", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.parametrize("codenames", [(), ("view_article", "change_edition")])
def test_staff_who_may_not_write_articles_can_neither_upload_nor_browse(
    client, django_user_model, settings, codenames
):
    client.force_login(staff_with(django_user_model, *codenames))

    assert client.post(URL, {"upload": upload(image_bytes())}).status_code == 403
    assert client.get("/ckeditor/browse/").status_code == 403
    assert stored_files(settings) == []


@pytest.mark.parametrize("codename", ["add_article", "change_article"])
def test_staff_who_may_add_or_change_articles_upload_and_browse(
    client, django_user_model, settings, codename
):
    client.force_login(staff_with(django_user_model, codename))

    assert post_image(client, image_bytes())["uploaded"] == 1
    assert client.get("/ckeditor/browse/").status_code == 200
    assert len(stored_files(settings)) == 1


def test_upload_needs_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    without = client.post(URL, {"upload": upload(image_bytes())})
    client.get("/admin/")  # sets the CSRF cookie, as the admin page does for the editor
    token = client.cookies["csrftoken"].value
    with_token = client.post(URL, {"upload": upload(image_bytes())}, headers={"X-CSRFToken": token})

    assert without.status_code == 403
    assert with_token.json()["uploaded"] == 1


def test_get_is_not_allowed(admin_client):
    assert admin_client.get(URL).status_code == 405


def test_png_is_stored_reencoded_and_its_url_returned(admin_client, settings):
    answer = post_image(admin_client, image_bytes("PNG", size=(64, 48)), name="Schöne Grüße.PNG")

    assert answer["uploaded"] == 1
    assert answer["fileName"] == "schoene-gruesse.png"
    assert answer["url"].startswith("/media/uploads/")
    (stored,) = stored_files(settings)
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (64, 48))


@pytest.mark.parametrize(
    ("kind", "name", "content_type"),
    [
        ("JPEG", "a.jpg", "image/jpeg"),
        ("WEBP", "a.webp", "image/webp"),
        ("GIF", "a.gif", "image/gif"),
    ],
)
def test_every_allowed_format_is_accepted(admin_client, kind, name, content_type):
    answer = post_image(admin_client, image_bytes(kind), name, content_type)

    assert answer["uploaded"] == 1
    assert answer["fileName"] == name


def test_script_appended_to_an_image_does_not_survive(admin_client, settings):
    polyglot = image_bytes("PNG") + b"<html><script>alert(document.cookie)</script></html>"

    assert post_image(admin_client, polyglot)["uploaded"] == 1

    (stored,) = stored_files(settings)
    assert b"<script" not in stored.read_bytes()


def test_photo_metadata_such_as_gps_is_dropped(admin_client, settings):
    post_image(admin_client, jpeg_with_gps(), "foto.jpg", "image/jpeg")

    (stored,) = stored_files(settings)
    with Image.open(stored) as image:
        assert dict(image.getexif()) == {}


def test_animated_gif_keeps_its_frames(admin_client, settings):
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "green", "blue")]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    post_image(admin_client, out.getvalue(), "tanz.gif", "image/gif")

    (stored,) = stored_files(settings)
    with Image.open(stored) as image:
        assert image.n_frames == 3


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "a.svg",
            "image/svg+xml",
        ),
        (b"<html><body><script>alert(1)</script></body></html>", "bild.png", "image/png"),
        (b"%PDF-1.4 kein Bild", "brief.pdf", "application/pdf"),
        (image_bytes("BMP"), "alt.bmp", "image/bmp"),
        (image_bytes("TIFF"), "scan.tiff", "image/tiff"),
        (b"", "leer.png", "image/png"),
    ],
    ids=["svg", "html-as-png", "pdf", "bmp", "tiff", "empty"],
)
def test_anything_but_jpeg_png_webp_gif_is_refused_in_german(
    admin_client, settings, content, name, content_type
):
    answer = post_image(admin_client, content, name, content_type)

    assert answer["uploaded"] == 0
    assert "kein Bild im Format JPEG, PNG, WebP oder GIF" in answer["error"]["message"]
    assert stored_files(settings) == []


def test_truncated_image_is_refused_as_broken(admin_client, settings):
    whole = image_bytes("PNG", size=(300, 300), color=None)
    answer = post_image(admin_client, whole[: len(whole) // 2])

    assert answer["uploaded"] == 0
    assert "beschädigt" in answer["error"]["message"]
    assert stored_files(settings) == []


def test_file_over_the_byte_limit_is_refused(admin_client, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 1_000_000

    answer = post_image(admin_client, image_bytes("BMP", size=(600, 600)), "gross.png")

    assert answer["uploaded"] == 0
    assert answer["error"]["message"] == (
        "Die Datei ist mit 1.1 MB zu groß. Erlaubt sind höchstens 1 MB."
    )


def test_image_over_the_pixel_limit_is_refused(admin_client, settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000

    answer = post_image(admin_client, png_header_only(2000, 1000))

    assert answer["uploaded"] == 0
    assert "zu viele Bildpunkte" in answer["error"]["message"]
    assert "höchstens 1 Megapixel" in answer["error"]["message"]


def test_decompression_bomb_is_refused_before_decoding(admin_client, settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 10**12  # leave it to Pillow's own bomb guard

    answer = post_image(admin_client, png_header_only(30_000, 30_000))

    assert answer["uploaded"] == 0
    assert "zu viele Bildpunkte" in answer["error"]["message"]
    assert stored_files(settings) == []


def test_request_without_a_file_gets_a_german_answer(admin_client):
    response = admin_client.post(URL, {})

    assert json.loads(response.content) == {
        "uploaded": 0,
        "error": {"message": "Es ist keine Datei angekommen. Bitte ein Bild auswählen."},
    }
