"""CKEditor's dialogs in Chromium: an image uploads when picked and needs its description;
a link asks for its address only; no border or spacing fields."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import Article
from tests.e2e.test_author_workflow import log_in, save, send_to_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_superuser(
        "autorin", "autorin@example.org", "Sternenhimmel-42"
    )


@pytest.fixture
def editor(page, live_server, author):
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/blog/article/add/")
    page.fill("#id_title", "Dialoge")
    page.fill("#id_slug", "dialoge")
    body = page.frame_locator(".cke_wysiwyg_frame").locator("body")
    body.click()
    return body


def visible_dialog_text(page):
    return page.locator(".cke_dialog:visible").inner_text()


def test_image_dialog_uploads_on_pick_and_insists_on_a_description(page, editor, tmp_path):
    from PIL import Image

    picture = tmp_path / "sandkasten.png"
    Image.new("RGB", (120, 80), "orange").save(picture)
    errors, alerts = [], []
    page.on("pageerror", lambda error: errors.append(error))
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.accept()))

    page.click(".cke_button__image")
    expect(page.locator(".cke_dialog_tab_selected")).to_have_text("Hochladen")
    tabs = page.locator(".cke_dialog_tab:visible").all_inner_texts()
    assert tabs == ["Bildinfo", "Hochladen"]
    send_to_server(page, picture)
    url_field = page.locator(".cke_dialog_image_url input")
    expect(url_field).to_have_value(re.compile(r"^/media/uploads/\d{4}/\d{2}/sandkasten"))
    text = visible_dialog_text(page)
    for hidden in ["Rahmen", "Abstand", "Ausrichtung"]:
        assert hidden not in text

    page.click(".cke_dialog_ui_button_ok")
    assert alerts and "Alternativtext" in alerts[0]
    page.get_by_label("Bildbeschreibung (Alternativtext)").fill("Ein Kind im Sandkasten")
    page.click(".cke_dialog_ui_button_ok")
    expect(editor.locator('img[alt="Ein Kind im Sandkasten"]')).to_have_count(1)
    save(page)

    assert 'alt="Ein Kind im Sandkasten"' in Article.objects.get().body
    assert errors == []


def test_link_dialog_asks_for_the_address_and_whether_it_is_paid(page, editor):
    editor.press_sequentially("Mehr dazu")
    editor.press("Shift+Home")

    page.click(".cke_button__link")
    dialog = page.locator(".cke_dialog:visible")
    expect(dialog).to_be_visible()
    assert page.locator(".cke_dialog_tab:visible").count() == 0  # one page, no tabs
    text = visible_dialog_text(page)
    for hidden in ["Anzeigetext", "Link-Typ", "Protokoll", "Zielseite", "Erweitert",
                   "Server durchsuchen"]:  # fmt: skip
        assert hidden not in text
    dialog.locator("input.cke_dialog_ui_input_text:visible").first.fill("example.org/schlaf")
    page.click(".cke_dialog_ui_button_ok")
    expect(editor.locator('a[href="https://example.org/schlaf"]')).to_have_text("Mehr dazu")
    assert editor.locator("a").get_attribute("rel") is None

    editor.locator("a").dblclick()
    dialog.get_by_label(re.compile("Werbelink")).check()
    page.click(".cke_dialog_ui_button_ok")
    expect(editor.locator("a")).to_have_attribute("rel", "sponsored")
    save(page)

    body = Article.objects.get().body
    assert 'href="https://example.org/schlaf" rel="sponsored noopener noreferrer"' in body
