"""The author's day in a real browser: write, schedule, preview, publish, find it everywhere."""

import base64
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from blog.models import Article, Category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Über Nächte mit kleinen Frühaufstehern"
SLUG = "ueber-naechte-mit-kleinen-fruehaufstehern"
TYPED = "Wenn das Kind um fünf Uhr wach ist, hilft ein Wecker mit Mond und Sonne."
ALT = "Ein Kind schaut aus dem Fenster in die Morgendämmerung"


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_superuser(
        "autorin", "autorin@example.org", "Sternenhimmel-42"
    )


@pytest.fixture
def cover_png(tmp_path):
    path = tmp_path / "morgendaemmerung.png"
    Image.new("RGB", (1400, 700), (240, 170, 90)).save(path)
    return path


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "autorin")
    page.fill("#id_password", "Sternenhimmel-42")
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def type_into_editor(page, text):
    editor = page.frame_locator(".cke_wysiwyg_frame").locator("body")
    editor.click()
    editor.press_sequentially(text)


def save(page):
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".errorlist").all_inner_texts() == []
    expect(page.locator(".messagelist .success")).to_contain_text("erfolgreich")


def test_author_writes_schedules_previews_and_publishes_an_article(
    page, browser, live_server, author, cover_png
):
    Category.objects.create(name="Schlaf", slug="schlaf")
    base = live_server.url
    log_in(page, base)

    page.goto(base + "/admin/blog/article/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    assert page.input_value("#id_slug") == SLUG  # prefilled with ü → ue, ä → ae
    type_into_editor(page, TYPED)
    page.select_option("#id_category", label="Schlaf")
    page.fill("#id_tags", "Frühaufsteher, Schlaf")
    page.select_option("#id_status", "published")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.fill("#id_published_at_0", tomorrow.strftime("%d.%m.%Y"))
    page.fill("#id_published_at_1", "07:30:00")
    page.set_input_files("#id_cover_image", str(cover_png))
    page.fill("#id_cover_alt", ALT)
    save(page)

    article = Article.objects.get()
    assert (article.slug, article.status) == (SLUG, "published")
    assert article.published_at > timezone.now()
    assert TYPED in article.body
    assert (article.cover_width, article.cover_height) == (1400, 700)
    url = f"{base}/artikel/{SLUG}/"

    # Scheduled: a visitor gets a 404, the author a preview on the real page.
    visitor = browser.new_context(locale="de-DE").new_page()
    assert visitor.goto(url).status == 404
    response = page.goto(url)
    assert response.status == 200
    assert "Vorschau" in page.locator(".preview-banner").inner_text()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert TYPED in page.locator("article").inner_text()
    hero = page.locator(f'article img[alt="{ALT}"]')
    assert hero.get_attribute("fetchpriority") == "high"
    assert ".webp" in hero.get_attribute("srcset")
    hero.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", hero.element_handle())

    # Publish now: the admin's "Heute" and "Jetzt" shortcuts set the time.
    page.goto(f"{base}/admin/blog/article/{article.pk}/change/")
    page.locator(".datetimeshortcuts a", has_text="Heute").click()
    page.locator(".datetimeshortcuts a", has_text="Jetzt").click()
    save(page)
    article.refresh_from_db()
    assert article.is_public

    assert visitor.goto(url).status == 200
    assert visitor.locator("h1").inner_text() == TITLE
    assert visitor.locator(".preview-banner").count() == 0
    visitor.goto(base + "/")
    assert visitor.locator(f'a[href="/artikel/{SLUG}/"]').count() >= 1
    visitor.goto(base + "/kategorie/schlaf/")
    assert visitor.locator(f'a[href="/artikel/{SLUG}/"]').count() >= 1
    feed = visitor.request.get(base + "/feed/")
    assert feed.ok
    assert re.search(rf"<link>[^<]*/artikel/{SLUG}/</link>", feed.text())
    assert TITLE in feed.text()
    sitemap = visitor.request.get(base + "/sitemap.xml")
    assert sitemap.ok
    assert re.search(rf"<loc>[^<]*/artikel/{SLUG}/</loc>", sitemap.text())
    visitor.context.close()


def open_upload_tab(page):
    page.frame_locator(".cke_wysiwyg_frame").locator("body").click()
    page.click(".cke_button__image")
    page.locator(".cke_dialog_tab", has_text="Hochladen").click()


def send_to_server(page, path):
    """Picking the file uploads it (static/js/ckeditor-dialogs.js)."""
    chooser = page.frame_locator("iframe.cke_dialog_ui_input_file").locator(
        "input[type=file][data-uploads-on-pick]"
    )
    chooser.set_input_files(str(path))


def test_author_uploads_an_image_in_the_editor_and_an_svg_is_refused_in_german(
    page, live_server, author, cover_png, tmp_path
):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.accept()))
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/blog/article/add/")
    page.fill("#id_title", "Bilder vom Wochenende")
    page.fill("#id_slug", "bilder-vom-wochenende")

    open_upload_tab(page)
    with page.expect_event("dialog"):
        send_to_server(page, svg)
    assert alerts == [
        "Das ist kein Bild im Format JPEG, PNG, WebP oder GIF. Bitte ein solches Bild wählen."
    ]

    send_to_server(page, cover_png)
    url_field = page.locator(".cke_dialog_image_url input")
    expect(url_field).to_have_value(re.compile(r"^/media/uploads/\d{4}/\d{2}/morgendaemmerung"))
    page.get_by_label("Bildbeschreibung (Alternativtext)").fill("Sonnenaufgang über dem Feld")
    page.click(".cke_dialog_ui_button_ok")
    save(page)

    body = Article.objects.get().body
    assert re.search(r'<img[^>]+src="/media/uploads/\d{4}/\d{2}/morgendaemmerung[^"]*\.png"', body)
    assert 'alt="Sonnenaufgang über dem Feld"' in body


PASTE = """(body, [b64, html]) => {
    const data = new DataTransfer();
    if (html) {
        data.setData("text/html", html);
    } else {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], "Bildschirmfoto.png", {type: "image/png"}));
    }
    body.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
}"""


def test_pasted_images_are_uploaded_instead_of_kept_as_data_urls(page, live_server, author):
    out = BytesIO()
    Image.new("RGB", (30, 20), "teal").save(out, "PNG")
    png = base64.b64encode(out.getvalue()).decode()
    word = f'<p class="MsoNormal">Aus Word<img src="data:image/png;base64,{png}"><o:p></o:p></p>'
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/blog/article/add/")
    page.fill("#id_title", "Eingefügte Bilder")
    page.fill("#id_slug", "eingefuegte-bilder")
    editor = page.frame_locator(".cke_wysiwyg_frame").locator("body")
    editor.click()

    editor.evaluate(PASTE, [png, ""])
    expect(editor.locator("img")).to_have_count(1)
    editor.press("End")
    editor.evaluate(PASTE, ["", word])
    expect(editor.locator('img[src^="/media/uploads/"]')).to_have_count(2)
    save(page)

    body = Article.objects.get().body
    assert "Aus Word" in body
    assert len(re.findall(r'<img src="/media/uploads/\d{4}/\d{2}/[\w-]+\.png">', body)) == 2
    assert "data:" not in body
