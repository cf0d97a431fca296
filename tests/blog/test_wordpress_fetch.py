"""`import_wordpress --fetch-media`: images from the old site itself, safely, re-encoded.

The old site is a real HTTP server on loopback (tests/blog/oldsite.py); loopback is a
private address, so most tests allow it with WORDPRESS_FETCH_ALLOW_PRIVATE.
"""

import socket
from pathlib import Path

import pytest
from django.core.management import CommandError

from blog.models import Article
from blog.wordpress import fetch
from blog.wordpress.importer import wordpress_import
from tests.blog.imagefiles import png_header_only
from tests.blog.oldsite import OldSite
from tests.blog.wordpress_files import attachment, export, item, jpeg_bytes, run

pytestmark = pytest.mark.django_db


def post_with_images(site, *names, cover=None):
    images = "\n\n".join(
        f'<img class="wp-image-9" src="{site}/wp-content/uploads/2024/05/{name}" alt="Bild {name}">'
        for name in names
    )
    items = [item(1, content=f"Vorher.\n\n{images}", meta={"_thumbnail_id": "50"} if cover else {})]
    if cover:
        items.insert(0, attachment(50, f"{site}/wp-content/uploads/2024/05/{cover}", "Ein Zelt"))
    return items


@pytest.mark.usefixtures("fetching_from_loopback")
def test_images_come_from_the_old_site_re_encoded_and_the_body_points_here(
    tmp_path, old_site, settings
):
    polyglot = jpeg_bytes("green") + b"<script>alert(1)</script>"
    old_site.image("2024/05/bild.jpg", polyglot)
    old_site.image("2024/05/titel.jpg", jpeg_bytes("blue"))
    path = export(tmp_path, *post_with_images(old_site.url, "bild.jpg", cover="titel.jpg"),
                  site=old_site.url)  # fmt: skip

    output = run(path, "--fetch-media")

    article = Article.objects.get()
    assert '<img src="/media/wordpress/2024/05/bild.jpg" alt="Bild bild.jpg">' in article.body
    assert old_site.url not in article.body
    copy = Path(settings.MEDIA_ROOT) / "wordpress" / "2024" / "05" / "bild.jpg"
    assert copy.is_file() and b"<script>" not in copy.read_bytes()
    assert article.cover_image.name.startswith("covers/") and article.cover_alt == "Ein Zelt"
    assert sorted(old_site.uploads_requested()) == ["2024/05/bild.jpg", "2024/05/titel.jpg"]
    assert "kopierte Bilder: 1" in output


@pytest.mark.usefixtures("fetching_from_loopback")
def test_an_image_the_old_site_lacks_stays_a_warning_with_its_alt_text(tmp_path, old_site):
    path = export(tmp_path, *post_with_images(old_site.url, "weg.jpg"), site=old_site.url)

    output = run(path, "--fetch-media")

    body = Article.objects.get().body
    assert f'src="{old_site.url}/wp-content/uploads/2024/05/weg.jpg" alt="Bild weg.jpg"' in body
    assert "Bild fehlt: 2024/05/weg.jpg – auch die alte Seite hat es nicht." in output
    assert "fehlende Bilder: 1" in output


def test_private_and_loopback_addresses_are_refused_without_the_setting(tmp_path, old_site):
    old_site.image("2024/05/bild.jpg", jpeg_bytes())
    path = export(tmp_path, *post_with_images(old_site.url, "bild.jpg"), site=old_site.url)

    output = run(path, "--fetch-media")

    assert old_site.requests == []
    assert "127.0.0.1 zeigt auf eine interne Adresse (127.0.0.1)" in output
    assert Article.objects.get().body.count(old_site.url) == 1


@pytest.mark.usefixtures("fetching_from_loopback")
def test_redirects_are_followed_on_the_same_host_only(tmp_path, old_site):
    other = OldSite()
    try:
        other.image("2024/05/fremd.jpg", jpeg_bytes())
        old_site.image("2024/05/neu.jpg", jpeg_bytes("blue"))
        old_site.redirect("2024/05/alt.jpg", "/wp-content/uploads/2024/05/neu.jpg", 301)
        old_site.redirect("2024/05/fremd.jpg", f"http://localhost:{other.server.server_port}"
                          "/wp-content/uploads/2024/05/fremd.jpg")  # fmt: skip
        old_site.redirect("2024/05/port.jpg", f"{other.url}/wp-content/uploads/2024/05/fremd.jpg")
        names = ("alt.jpg", "fremd.jpg", "port.jpg")
        path = export(tmp_path, *post_with_images(old_site.url, *names), site=old_site.url)

        output = run(path, "--fetch-media")
    finally:
        other.stop()

    assert 'src="/media/wordpress/2024/05/alt.jpg"' in Article.objects.get().body
    assert "2024/05/neu.jpg" in old_site.uploads_requested()
    assert other.requests == []
    assert "Weiterleitung zu einer anderen Adresse (http://localhost)" in output
    assert f"Weiterleitung zu Port {other.server.server_port}" in output


@pytest.mark.usefixtures("fetching_from_loopback")
@pytest.mark.parametrize("length", [True, False], ids=["announced", "streamed"])
def test_a_file_over_the_byte_limit_is_refused(tmp_path, old_site, settings, length):
    settings.UPLOAD_IMAGE_MAX_BYTES = 100_000
    old_site.image("2024/05/riesig.jpg", b"\xff\xd8" + b"0" * 300_000, length=length)
    path = export(tmp_path, *post_with_images(old_site.url, "riesig.jpg"), site=old_site.url)

    output = run(path, "--fetch-media")

    assert "Bild 2024/05/riesig.jpg nicht geladen: Die Datei ist mit über" in output
    assert "zu groß (höchstens 0 MB)" in output
    assert "/media/" not in Article.objects.get().body


@pytest.mark.usefixtures("fetching_from_loopback")
def test_an_image_over_the_pixel_limit_is_refused(tmp_path, old_site):
    old_site.image("2024/05/bombe.png", png_header_only(30_000, 30_000))
    path = export(tmp_path, *post_with_images(old_site.url, "bombe.png"), site=old_site.url)

    output = run(path, "--fetch-media")

    assert "Bild 2024/05/bombe.png nicht übernommen: Das Bild hat zu viele Bildpunkte." in output


@pytest.mark.usefixtures("fetching_from_loopback")
def test_a_dry_run_downloads_nothing_and_says_how_many_images_will_come(tmp_path, old_site):
    old_site.image("2024/05/bild.jpg", jpeg_bytes())
    items = post_with_images(old_site.url, "bild.jpg", "zwei.jpg", cover="bild.jpg")
    path = export(tmp_path, *items, site=old_site.url)

    output = run(path, "--fetch-media", "--dry-run")

    assert old_site.requests == []
    assert "beim Import zu laden: 3" in output
    assert "Bild fehlt" not in output


@pytest.mark.usefixtures("fetching_from_loopback")
def test_images_the_old_site_failed_to_send_are_tried_again_on_the_next_run(tmp_path, old_site):
    old_site.fail("2024/05/bild.jpg", 503)
    path = export(tmp_path, *post_with_images(old_site.url, "bild.jpg"), site=old_site.url)
    first = wordpress_import(path=path, fetch_media=True)
    assert "Die alte Seite antwortet mit 503." in "\n".join(first.all_warnings())

    old_site.image("2024/05/bild.jpg", jpeg_bytes())
    second = wordpress_import(path=path, fetch_media=True)
    third = wordpress_import(path=path, fetch_media=True)

    assert second.counts["post"]["updated"] == 1 and second.extras["images"] == 1
    assert 'src="/media/wordpress/2024/05/bild.jpg"' in Article.objects.get().body
    assert third.counts["post"]["unchanged"] == 1


@pytest.mark.usefixtures("fetching_from_loopback")
def test_images_in_the_media_folder_are_taken_from_there_first(tmp_path, old_site):
    folder = tmp_path / "uploads" / "2024" / "05"
    folder.mkdir(parents=True)
    (folder / "bild.jpg").write_bytes(jpeg_bytes())
    old_site.image("2024/05/zwei.jpg", jpeg_bytes("blue"))
    items = post_with_images(old_site.url, "bild.jpg", "zwei.jpg")
    path = export(tmp_path, *items, site=old_site.url)

    run(path, "--fetch-media", "--media-dir", tmp_path / "uploads")

    assert old_site.uploads_requested() == ["2024/05/zwei.jpg"]
    assert Article.objects.get().body.count('src="/media/wordpress/2024/05/') == 2


def test_an_old_site_without_a_web_address_is_refused_for_fetching(tmp_path):
    path = export(tmp_path, item(1), site="ftp://alt.example")

    with pytest.raises(CommandError, match="keine http- oder https-Adresse") as refused:
        run(path, "--fetch-media")

    assert "Es wurde nichts geändert." in str(refused.value)
    assert Article.objects.count() == 0


@pytest.mark.usefixtures("fetching_from_loopback")
def test_a_site_that_does_not_answer_is_given_up_after_three_tries(tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.2)
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    site = f"http://127.0.0.1:{silent.getsockname()[1]}"
    names = [f"bild-{n}.jpg" for n in range(6)]
    try:
        summary = wordpress_import(
            path=export(tmp_path, *post_with_images(site, *names), site=site), fetch_media=True
        )
    finally:
        silent.close()

    warnings = summary.all_warnings()
    assert sum("nicht erreichbar (timed out)" in w for w in warnings) == 3
    assert sum("3-mal nicht erreichbar; dieser Lauf versucht es nicht weiter" in w
               for w in warnings) == 3  # fmt: skip
    assert summary.extras["missing_images"] == 6
    assert Article.objects.get().body.count(site) == 6
