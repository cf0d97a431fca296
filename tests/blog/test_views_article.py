"""The article page: content, preview for staff, neighbours, share links, SEO markup."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from blog.models import Article
from tests.blog.reader_helpers import article, category, h1_count, html, json_ld, title

pytestmark = pytest.mark.django_db


def test_article_holds_its_h1_title_and_time(client):
    item = article("Gute Nacht ohne Tränen")

    page = html(client.get("/artikel/gute-nacht-ohne-traenen/"))

    match = re.search(r"<article[^>]*>(.*?)</article>", page, re.S)
    assert match, "no <article> element"
    inside = match.group(1)
    assert "<h1>Gute Nacht ohne Tränen</h1>" in inside
    local = timezone.localtime(item.published_at)
    assert f'<time datetime="{local:%Y-%m-%dT%H:%M:%S%z}">' in inside


def test_article_shows_reading_time_category_tags_body_and_cover(client):
    words = " ".join(["Wort"] * 401)
    article(
        "Lange Nächte",
        body=f"<p>{words}</p>",
        category=category("Schlaf"),
        tags=["Einschlafen", "Zahnen"],
        cover=True,
    )

    response = client.get("/artikel/lange-naechte/")
    page = html(response)

    assert "3 Min. Lesezeit" in page  # 401 words at 200 words a minute, rounded up
    assert '<a href="/kategorie/schlaf/">Schlaf</a>' in page
    assert '<a href="/schlagwort/einschlafen/">Einschlafen</a>' in page
    assert '<a href="/schlagwort/zahnen/">Zahnen</a>' in page
    assert f"<p>{words}</p>" in page
    assert 'alt="Ein Kind schläft mit einem Teddy im Arm."' in page
    assert 'fetchpriority="high"' in page


def test_body_html_is_rendered_but_scripts_never_reach_the_page(client):
    article("Mit Formatierung", body="<p><strong>Wichtig</strong></p><script>alert(1)</script>")

    page = html(client.get("/artikel/mit-formatierung/"))

    assert "<p><strong>Wichtig</strong></p>" in page
    assert "alert(1)" not in page


def test_excerpt_falls_back_to_the_first_sentences_of_the_body():
    body = (
        "<p>Der erste Satz ist kurz. Der zweite Satz erklärt, worum es geht, und nimmt sich "
        "dafür etwas mehr Raum als der erste.</p><p>Ein dritter Satz folgt, damit die "
        "Zusammenfassung genug Text hat. Der vierte Satz gehört nicht mehr dazu.</p>"
    )
    item = article("Ohne Anreißer", body=body, excerpt="")

    assert item.summary == (
        "Der erste Satz ist kurz. Der zweite Satz erklärt, worum es geht, und nimmt sich dafür "
        "etwas mehr Raum als der erste. Ein dritter Satz folgt, damit die Zusammenfassung "
        "genug Text hat."
    )


def test_written_excerpt_is_the_summary():
    item = article("Mit Anreißer", excerpt="Mein eigener Anreißer.")

    assert item.summary == "Mein eigener Anreißer."


def test_reading_time_is_at_least_one_minute():
    assert article("Kurz", body="<p>Drei kurze Wörter.</p>").reading_minutes == 1


def test_unknown_article_is_404(client):
    response = client.get("/artikel/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in html(response)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=2)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_article_is_404_for_visitors_and_ordinary_users(
    client, django_user_model, fields
):
    article("Noch nicht fertig", **fields)

    assert client.get("/artikel/noch-nicht-fertig/").status_code == 404
    client.force_login(django_user_model.objects.create_user("leserin", password="x"))
    assert client.get("/artikel/noch-nicht-fertig/").status_code == 404


def test_staff_without_the_article_view_permission_get_a_404_for_a_draft(client, django_user_model):
    article("Noch nicht fertig", status=Article.Status.DRAFT)
    client.force_login(django_user_model.objects.create(username="praktikant", is_staff=True))

    assert client.get("/artikel/noch-nicht-fertig/").status_code == 404


def test_whoever_may_view_articles_sees_the_preview_without_being_superuser(
    client, django_user_model
):
    article("Noch nicht fertig", status=Article.Status.DRAFT)
    user = django_user_model.objects.create(username="leserin", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    response = client.get("/artikel/noch-nicht-fertig/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_staff_sees_a_draft_as_a_noindex_preview_with_a_banner(client, admin_user):
    article("Noch nicht fertig", status=Article.Status.DRAFT)
    client.force_login(admin_user)

    response = client.get("/artikel/noch-nicht-fertig/")

    assert response.status_code == 200
    page = html(response)
    assert "Vorschau – dieser Artikel ist ein Entwurf" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_staff_sees_a_scheduled_article_with_its_publication_time(client, admin_user):
    when = timezone.now() + timedelta(days=2)
    article("Kommt bald", published_at=when)
    client.force_login(admin_user)

    page = html(client.get("/artikel/kommt-bald/"))

    local = timezone.localtime(when)
    assert f"geplant: erscheint am {local.day}." in page
    assert f"um {local:%H:%M} Uhr" in page
    assert '<meta name="robots" content="noindex">' in page


def test_published_article_has_no_preview_banner_and_no_noindex(client, admin_user):
    article("Längst online")
    client.force_login(admin_user)

    page = html(client.get("/artikel/laengst-online/"))

    assert "preview-banner" not in page
    assert "noindex" not in page


def test_share_links_are_plain_links_with_the_absolute_article_url(client):
    article("Teilen erlaubt", cover=True)

    page = html(client.get("/artikel/teilen-erlaubt/"))

    url = "http://testserver/artikel/teilen-erlaubt/"
    links = dict(re.findall(r'<a href="([^"]+)"[^>]*>(WhatsApp|Pinterest|Facebook|E-Mail)', page))
    by_name = {name: href.replace("&amp;", "&") for href, name in links.items()}
    assert parse_qs(urlsplit(by_name["WhatsApp"]).query)["text"] == [f"Teilen erlaubt {url}"]
    pinterest = parse_qs(urlsplit(by_name["Pinterest"]).query)
    assert pinterest["url"] == [url]
    assert pinterest["media"][0].startswith("http://testserver/media/covers/")
    assert parse_qs(urlsplit(by_name["Facebook"]).query)["u"] == [url]
    assert by_name["E-Mail"].startswith("mailto:?subject=Teilen%20erlaubt&body=")
    assert f'<a href="{url}" data-copy-link>Link kopieren</a>' in page
    assert 'src="/static/js/share.js"' in page


def test_page_loads_nothing_from_other_hosts(client):
    article("Ohne Fremdinhalte", cover=True)

    page = html(client.get("/artikel/ohne-fremdinhalte/"))

    sources = re.findall(r'<(?:script|img|iframe|link)[^>]+(?:src|href)="([^"]+)"', page)
    external = [s for s in sources if s.startswith(("http", "//"))]
    assert external == ["http://testserver/artikel/ohne-fremdinhalte/"]  # only the canonical
    assert "<script>" not in page  # no inline script: a strict CSP comes


def test_author_box_links_to_the_about_page(client):
    article()

    page = html(client.get("/artikel/gute-nacht-ohne-traenen/"))

    assert "Über die Autorin" in page
    assert '<a href="/ueber-mich/">Mehr über mich</a>' in page


def test_article_head_has_description_canonical_open_graph_and_twitter_card(client):
    article("Mit Bild", cover=True, meta_description="Eine Beschreibung für Suchmaschinen.")

    response = client.get("/artikel/mit-bild/")
    page = html(response)

    assert title(response) == "Mit Bild – Elternblog"
    assert '<meta name="description" content="Eine Beschreibung für Suchmaschinen.">' in page
    assert '<link rel="canonical" href="http://testserver/artikel/mit-bild/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:url" content="http://testserver/artikel/mit-bild/">' in page
    assert re.search(r'<meta property="og:image" content="http://testserver/media/covers/', page)
    assert '<meta property="og:image:width" content="120">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert (
        '<meta property="og:image:alt" content="Ein Kind schläft mit einem Teddy im Arm.">' in page
    )


def test_meta_description_falls_back_to_the_summary(client):
    article("Ohne Beschreibung", excerpt="Was Eltern abends hilft.")

    page = html(client.get("/artikel/ohne-beschreibung/"))

    assert '<meta name="description" content="Was Eltern abends hilft.">' in page
    assert '<meta property="og:description" content="Was Eltern abends hilft.">' in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_json_ld_describes_the_article_as_a_blog_posting(client):
    item = article("Strukturierte Daten", cover=True, category=category("Schlaf"), tags=["Ruhe"])

    data = json_ld(client.get("/artikel/strukturierte-daten/"))

    url = "http://testserver/artikel/strukturierte-daten/"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Strukturierte Daten"
    assert data["datePublished"] == timezone.localtime(item.published_at).isoformat()
    assert data["dateModified"] == timezone.localtime(item.updated_at).isoformat()
    assert data["image"][0].startswith("http://testserver/media/covers/")
    assert data["author"]["url"] == "http://testserver/ueber-mich/"
    assert data["publisher"]["name"] == "Elternblog"
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["keywords"] == ["Ruhe"]


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    article("Ende </script><script>alert(1)</script> & mehr", slug="boeser-titel")

    response = client.get("/artikel/boeser-titel/")
    page = html(response)

    assert "<script>alert(1)" not in page
    assert json_ld(response)["headline"] == "Ende </script><script>alert(1)</script> & mehr"
    assert h1_count(response) == 1
