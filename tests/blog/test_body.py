"""Images in article bodies on the page (blog/body.py; issue 12, item 13)."""

import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog import body, images
from blog.models import Article
from tests.blog.imagefiles import image_bytes, upload
from tests.blog.reader_helpers import article, html

pytestmark = pytest.mark.django_db


def uploaded(admin_client, size=(1600, 1000), kind="JPEG", name="kind-am-tisch.jpg"):
    """The address CKEditor's upload answers with, as the editor puts it into the body."""
    response = admin_client.post(
        "/ckeditor/upload/", {"upload": upload(image_bytes(kind, size), name, "image/jpeg")}
    )
    return response.json()["url"]


def img_tags(page):
    return re.findall(r"<img [^>]*>", page.split('class="prose"', 1)[1].split("</div>", 1)[0])


def test_an_upload_gets_its_webp_renditions_at_once(admin_client):
    url = uploaded(admin_client)

    name = body.media_name(url)
    assert all(
        default_storage.exists(images.body_rendition_name(name, w)) for w in (480, 800, 1200)
    )


def test_body_image_has_size_lazy_loading_and_webp_renditions(admin_client, client):
    url = uploaded(admin_client)
    article("Mit Bild", body=f'<p>Vorher</p><p><img src="{url}" alt="Ein Kind malt."></p>')

    (img,) = img_tags(html(client.get("/artikel/mit-bild/")))

    assert f'src="{url}"' in img
    assert 'width="1600"' in img
    assert 'height="1000"' in img
    assert 'loading="lazy"' in img
    assert 'decoding="async"' in img
    stem = url.removesuffix(".jpg")
    assert f'srcset="{stem}.480w.webp 480w, {stem}.800w.webp 800w, {stem}.1200w.webp 1200w"' in img
    assert 'sizes="' in img
    assert 'alt="Ein Kind malt."' in img


def test_a_small_image_is_never_scaled_up(admin_client, client):
    url = uploaded(admin_client, size=(600, 400))
    article("Kleines Bild", body=f'<p><img src="{url}" alt="Ein Stift."></p>')

    (img,) = img_tags(html(client.get("/artikel/kleines-bild/")))

    stem = url.removesuffix(".jpg")
    assert f'srcset="{stem}.480w.webp 480w, {stem}.600w.webp 600w"' in img
    assert 'width="600" height="400"' in img


def test_a_width_the_author_chose_keeps_the_pictures_shape(admin_client, client):
    url = uploaded(admin_client)
    article("Schmal", body=f'<p><img src="{url}" alt="Schmal." width="320"></p>')

    (img,) = img_tags(html(client.get("/artikel/schmal/")))

    assert 'width="320"' in img
    assert 'height="200"' in img


def test_an_image_from_another_host_shows_its_alt_text_instead_of_a_broken_icon(client):
    article(
        "Alter Blog",
        body='<p>Davor <img src="https://alter-blog.example/wp-content/uploads/schnee.jpg" '
        'alt="Zwei Kinder bauen einen Schneemann."> danach.</p>'
        '<p><img src="http://alter-blog.example/deko.png" alt="">Ohne Beschreibung.</p>',
    )

    page = html(client.get("/artikel/alter-blog/"))

    assert "alter-blog.example" not in page
    stand_in = '<span class="image-missing">Zwei Kinder bauen einen Schneemann.</span>'
    assert f"<p>Davor {stand_in} danach.</p>" in page
    assert "<p>Ohne Beschreibung.</p>" in page


def test_our_own_absolute_address_counts_as_our_origin(admin_client, client, settings):
    url = uploaded(admin_client)
    article("Absolut", body=f'<p><img src="{settings.SITE_URL}{url}" alt="Ein Kind."></p>')

    (img,) = img_tags(html(client.get("/artikel/absolut/")))

    assert 'width="1600"' in img
    assert "srcset=" in img


def test_a_missing_upload_is_kept_lazy_without_size(client):
    article("Fehlt", body='<p><img src="/media/uploads/2026/01/weg.jpg" alt="Weg."></p>')

    (img,) = img_tags(html(client.get("/artikel/fehlt/")))

    assert 'loading="lazy"' in img
    assert "srcset" not in img
    assert Article.objects.get(slug="fehlt").body_images == {}


def test_saving_again_opens_no_image_it_already_knows(admin_client, monkeypatch):
    url = uploaded(admin_client)
    item = article("Zweimal", body=f'<p><img src="{url}" alt="Ein Kind."></p>')
    monkeypatch.setattr(images, "body_image_prepare", lambda name: pytest.fail(name))

    item.title = "Zweimal gespeichert"
    item.save()

    assert item.body_images[body.media_name(url)]["size"] == [1600, 1000]


def test_bulk_writers_store_the_image_facts_through_note_body_images(admin_client):
    url = uploaded(admin_client)
    item = article("Ohne Bild")

    item.body = f'<p><img src="{url}" alt="Ein Kind."></p>'
    item.note_body_images()
    Article.objects.bulk_update([item], ["body", "body_images"])

    item.refresh_from_db()
    assert item.body_images[body.media_name(url)]["widths"] == [480, 800, 1200]


def test_an_image_without_stored_facts_is_still_shown_lazily(admin_client):
    url = uploaded(admin_client)
    item = article("Ohne Bild")

    # A plain update() is Django's update: no facts, so no size, but nothing breaks.
    Article.objects.filter(pk=item.pk).update(body=f'<p><img src="{url}" alt="Ein Kind."></p>')
    item.refresh_from_db()

    shown = body.render(item)
    assert f'src="{url}"' in shown
    assert 'loading="lazy"' in shown
    assert "width=" not in shown


def test_body_without_images_is_shown_exactly_as_stored(client):
    # Headings get ids (blog/toc.py), so this body has none.
    item = article("Nur Text", body="<p><strong>Abends</strong> lesen wir <em>vor</em>.</p>")

    assert body.render(item) == item.body
    assert item.body in html(client.get("/artikel/nur-text/"))


def test_an_image_in_the_body_costs_the_article_page_no_query(admin_client, client):
    url = uploaded(admin_client)
    article("Ohne Bild im Text")
    article("Mit Bild im Text", body=f'<p><img src="{url}" alt="Ein Kind."></p>')

    def queries(path):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return len(captured)

    assert queries("/artikel/mit-bild-im-text/") == queries("/artikel/ohne-bild-im-text/")


def test_tables_and_code_scroll_in_their_own_focusable_box(client):
    article(
        "Wochenplan",
        body="<p>Davor</p><table><caption>Unsere Woche</caption><tr><td>Montag</td></tr></table>"
        "<p>Danach</p><table><tr><td>Dienstag</td></tr></table><pre>print(1)</pre>",
    )

    page = html(client.get("/artikel/wochenplan/"))

    assert (
        '<p>Davor</p><div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Unsere Woche"><table><caption>Unsere Woche</caption>' in page
    )
    box = '<div class="table-scroll" role="region" tabindex="0" aria-label="Tabelle">'
    assert f"</table></div><p>Danach</p>{box}" in page
    assert '<pre tabindex="0">print(1)</pre>' in page
