"""The first five minutes on the demo site, walked in Chromium as each person walks them.

The author (the group "Autorin", as `make run` makes her) writes in CKEditor, saves a
draft, previews it, publishes it without choosing a date and finds it on the home page; a
parent reads it on a 320 and a 390 px phone; a visitor subscribes from it with a mistake
first. The visitor's path through two real processes (web server and worker, confirm and
unsubscribe from the mails) is tests/core/test_dev_run.py.
"""

import importlib
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from blog.models import Article
from newsletter.models import Subscriber
from tests.e2e.test_author_workflow import open_upload_tab, save, send_to_server

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sternenhimmel-42"
TITLE = "Wenn Kinder nachts ins Elternbett wandern"
SLUG = "wenn-kinder-nachts-ins-elternbett-wandern"
FIRST = (
    "Um drei Uhr steht das Kind wieder neben dem Bett. Wir haben lange überlegt, ob wir es "
    "zurückbringen oder einfach die Decke heben."
)
HEADING = "Was uns durch die müden Wochen hilft"
SECOND = "Ein fester Schlafplatz, ein ruhiges Ritual und Geduld mit uns selbst."
ALT = "Ein Kinderbett im Dämmerlicht mit einem Stofftier"


@pytest.fixture
def demo_site(live_server, settings, run_worker):
    settings.SITE_URL = live_server.url
    call_command("seed_demo")
    run_worker()  # the demo's related lists
    author = User.objects.create_user("autorin", "autorin@example.org", PASSWORD, is_staff=True)
    author.groups.add(author_group())
    return live_server.url


def author_group():
    """The group as its migration makes it: an earlier transactional test's flush empties
    every table, the migration's rows included."""
    migration = importlib.import_module("newsletter.migrations.0009_author_group")
    migration.create_group(django_apps, SimpleNamespace(connection=connection))
    return Group.objects.get(name="Autorin")


def log_in(page, base):
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", "autorin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def write_the_body(page, picture):
    editor = page.frame_locator(".cke_wysiwyg_frame").locator("body")
    editor.click()
    editor.press_sequentially(FIRST)
    editor.press("Enter")
    page.locator(".cke_combo__format a").click()
    page.frame_locator(".cke_combopanel__format iframe").locator(
        "a", has_text="Überschrift 2"
    ).click()
    editor.press_sequentially(HEADING)
    editor.press("Enter")
    editor.press_sequentially(SECOND)
    editor.press("Enter")
    open_upload_tab(page)
    send_to_server(page, picture)
    expect(page.locator(".cke_dialog_image_url input")).to_have_value(re.compile("/media/"))
    page.get_by_label("Bildbeschreibung (Alternativtext)").fill(ALT)
    page.click(".cke_dialog_ui_button_ok")


def related_links(page):
    return page.locator("section#related a[href^='/artikel/']").evaluate_all(
        "links => [...new Set(links.map(link => link.getAttribute('href')))]"
    )


def test_author_parent_and_visitor_walk_their_paths(browser, page, demo_site, run_worker, tmp_path):
    base = demo_site
    picture = tmp_path / "kinderbett.png"
    Image.new("RGB", (1200, 800), (90, 110, 160)).save(picture)

    # The author: a draft first, typed as she types.
    log_in(page, base)
    page.get_by_role("link", name="Neuer Artikel").first.click()
    page.locator("#id_title").press_sequentially(TITLE)
    assert page.input_value("#id_slug") == SLUG
    write_the_body(page, picture)
    page.select_option("#id_category", label="Schlaf")
    page.fill("#id_tags", "Schlaf, Nächte")
    save(page)
    article = Article.objects.get(slug=SLUG)
    assert article.status == Article.Status.DRAFT
    assert f'alt="{ALT}"' in article.body and "<h2>" in article.body
    run_worker()

    # Her preview on the real page; a visitor gets a 404.
    visitor = browser.new_context(locale="de-DE").new_page()
    assert visitor.goto(f"{base}/artikel/{SLUG}/").status == 404
    page.goto(f"{base}/artikel/{SLUG}/")
    assert "Vorschau" in page.locator(".preview-banner").inner_text()
    image = page.locator(f'article img[alt="{ALT}"]')
    assert image.get_attribute("width") and image.get_attribute("loading") == "lazy"

    # Published from the edit form without choosing a date: it is out now.
    page.goto(f"{base}/admin/blog/article/{article.pk}/change/")
    page.select_option("#id_status", "published")
    opened = timezone.now()
    save(page)
    article.refresh_from_db()
    assert article.is_public
    assert opened - timedelta(seconds=5) <= article.published_at <= timezone.now()

    # The home page leads with it, its excerpt the first paragraph, cleanly ended.
    visitor.goto(base + "/")
    lead = visitor.locator("article.card-lead")
    assert lead.locator(".card-title").inner_text() == TITLE
    assert lead.locator(".summary").inner_text() == FIRST

    # Its related articles right after publishing are those a rebuild gives.
    visitor.goto(f"{base}/artikel/{SLUG}/")
    seen_at_once = related_links(visitor)
    assert len(seen_at_once) == 4
    call_command("rebuild_related")
    call_command("rebuild_related")  # whatever the page cache held, this list is fresh
    visitor.reload()
    assert related_links(visitor) == seen_at_once
    visitor.context.close()

    # A parent on a small and a common phone: nothing scrolls sideways.
    for width in (320, 390):
        phone = browser.new_context(locale="de-DE", viewport={"width": width, "height": 800})
        reader = phone.new_page()
        reader.goto(f"{base}/artikel/{SLUG}/")
        assert reader.locator("h1").inner_text() == TITLE
        assert reader.evaluate("document.documentElement.scrollWidth") <= width
        phone.close()

    # A visitor subscribes from the article, with a mistake first, and stays there.
    reader = browser.new_context(locale="de-DE").new_page()
    reader.goto(f"{base}/artikel/{SLUG}/")
    form = reader.locator("form#newsletter-signup")
    form.get_by_label("E-Mail-Adresse").fill("mia@localhost")  # the browser lets it pass
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name="Elternpost abonnieren").click()
    reader.wait_for_url(f"{base}/artikel/{SLUG}/#newsletter-signup")
    assert reader.locator("h1").inner_text() == TITLE
    assert "Internet-Domain" in reader.locator("#newsletter-email-errors").inner_text()
    assert not Subscriber.objects.exists()
    form.get_by_label("E-Mail-Adresse").fill("mia@example.org")
    form.get_by_role("button", name="Elternpost abonnieren").click()
    reader.wait_for_url("**/newsletter/bitte-bestaetigen/")
    assert Subscriber.objects.get().consent_page == f"/artikel/{SLUG}/"
    reader.context.close()
