"""What a reader leaves behind: no cookie, nothing on the device, no IP or user agent stored."""

import io

import pytest
from django.contrib.auth.models import User
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from blog.models import Article, Category
from newsletter.models import SignupBox
from quotes.models import Quote
from stats.models import Count
from tests.stats.conftest import READER_AGENT, READER_IP, flush, send

pytestmark = pytest.mark.django_db

SCRIPT = 'src="/static/js/stats.js" data-endpoint="/statistik/zaehlen/" defer'


@pytest.fixture
def site_content():
    category = Category.objects.create(name="Schlaf", slug="schlaf")
    article = Article.objects.create(
        title="Schlaf im ersten Jahr",
        slug="schlaf-im-ersten-jahr",
        body="<p>Ruhige Nächte.</p>",
        category=category,
        status="published",
        published_at=timezone.now(),
    )
    article.tags.add("Einschlafen")
    Quote.objects.create(
        text="Kinder sind Gäste.", author="Unbekannt", month=timezone.localdate().replace(day=1)
    )
    page = FlatPage.objects.create(url="/datenschutz/", title="Datenschutz", content="<p>Text</p>")
    page.sites.add(Site.objects.get_current())
    SignupBox.objects.current()
    return article


def public_pages(article):
    return [
        "/",
        article.get_absolute_url(),
        "/kategorie/schlaf/",
        "/schlagwort/einschlafen/",
        "/suche/?q=Schlaf",
        "/zitate/",
        "/newsletter/",
        "/datenschutz/",
    ]


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60 * 60


def test_public_pages_carry_the_script_and_set_no_cookie_also_from_the_cache(
    site_content, page_cache_on
):
    reader = Client(REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=READER_AGENT)
    for url in public_pages(site_content):
        for visit in ("fresh", "cached"):
            response = reader.get(url)
            assert response.status_code == 200, (url, visit)
            assert SCRIPT in response.content.decode(), (url, visit)
            assert not response.cookies, (url, visit)
            assert "Set-Cookie" not in response.headers, (url, visit)
    assert not send({"p": "/"}, client=reader).cookies


def test_no_script_for_staff_error_pages_or_with_stats_off(site_content, client, settings):
    assert SCRIPT not in client.get("/gibt-es-nicht/").content.decode()
    client.force_login(User.objects.create_user("autorin", is_staff=True))
    assert SCRIPT not in client.get(site_content.get_absolute_url()).content.decode()

    settings.STATS = False
    assert "stats.js" not in Client().get(site_content.get_absolute_url()).content.decode()


def test_the_database_holds_neither_the_readers_address_nor_user_agent(site_content):
    reader = Client(REMOTE_ADDR=READER_IP, HTTP_USER_AGENT=READER_AGENT)
    article = site_content.get_absolute_url()
    for url in public_pages(site_content):
        reader.get(url)
    send({"p": article, "r": "https://www.ecosia.org/search?q=schlaf", "w": 400})
    send({"p": "/suche/", "q": "schlaf"})
    send({"p": article, "t": "/artikel/mittagsschlaf/"})
    reader.post(
        "/newsletter/",
        {"email": "leserin@example.org", "consent": "on", "source": article},
    )
    flush()
    assert Count.objects.exists()

    dump = _database_dump()

    assert READER_IP not in dump
    assert "203.0.113" not in dump
    assert READER_AGENT not in dump
    assert "Lesetest/4711" not in dump
    assert "leserin@example.org" in dump  # the dump does contain what was stored


def _database_dump():
    """Every row of every table, as the database itself writes them out where it can."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    text = out.getvalue()
    if connection.vendor == "sqlite":
        text += "\n".join(connection.connection.iterdump())
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT * FROM "{table}"')
                text += "\n".join(map(repr, cursor.fetchall()))
    return text


def test_signups_count_per_source_page(client):
    SignupBox.objects.current()
    for email in ("a@example.org", "b@example.org"):
        client.post(
            "/newsletter/",
            {"email": email, "consent": "on", "source": "/artikel/kita/"},
            REMOTE_ADDR=READER_IP,
        )
    client.post("/newsletter/", {"email": "kaputt", "consent": "on", "source": "/"})
    flush()

    assert dict(Count.objects.filter(metric="signup").values_list("key", "count")) == {
        "/artikel/kita/": 2
    }
