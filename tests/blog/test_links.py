"""The link check against a real server on loopback (blog/links.py; issue 18, part 4)."""

from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from blog import linkprobe, links
from blog.link_models import LinkCheck
from blog.models import Article
from core import daily
from core.cache import GENERATION_KEY
from tests.blog.linksite import LinkSite
from tests.blog.reader_helpers import article, category

pytestmark = pytest.mark.django_db
Status = LinkCheck.Status


@pytest.fixture
def site(settings):
    settings.LINK_CHECK_ALLOW_LOOPBACK = True
    # Generous for a loaded test machine; "/langsam" answers only after SLOW_SECONDS.
    settings.LINK_CHECK_TIMEOUT = 2
    server = LinkSite()
    yield server
    server.stop()


def body_linking(*urls):
    return "".join(f'<p><a href="{url}">Link {n}</a></p>' for n, url in enumerate(urls))


def results(source=None):
    rows = LinkCheck.objects.all()
    return {row.url: row for row in rows if source is None or row.source == source}


def test_external_links_get_their_status(site):
    paths = ["/gut", "/alt", "/weg", "/entfernt", "/kaputt", "/kurz-weg", "/ohne-head"]
    item = article("Viele Links", body=body_linking(*(site.url + p for p in paths)))

    links.links_check()

    found = {url.removeprefix(site.url): row for url, row in results(item).items()}
    assert {path: row.status for path, row in found.items()} == {
        "/gut": Status.OK,
        "/alt": Status.MOVED,
        "/weg": Status.BROKEN,
        "/entfernt": Status.BROKEN,
        "/kaputt": Status.UNREACHABLE,
        "/kurz-weg": Status.OK,
        "/ohne-head": Status.OK,
    }
    assert found["/alt"].http_status == 200 and found["/alt"].new_url == f"{site.url}/neu"
    assert found["/weg"].http_status == 404 and "gibt es dort nicht mehr" in found["/weg"].note


def test_head_first_then_get_only_where_head_is_refused(site):
    paths = ["/gut", "/ohne-head", "/alter-server"]
    article("Links", body=body_linking(*(site.url + path for path in paths)))

    links.links_check()

    assert site.asked("/gut") == ["HEAD"]
    assert site.asked("/ohne-head") == ["HEAD", "GET"]
    assert site.asked("/alter-server") == ["HEAD", "GET"]
    assert {row.status for row in LinkCheck.objects.all()} == {Status.OK}
    assert all(agent == linkprobe.user_agent() for _, _, agent in site.requests)
    assert linkprobe.user_agent().startswith("Elternblog-Linkpruefung/1.0 (+http")


def test_a_slow_server_counts_as_unreachable_after_the_short_timeout(site):
    item = article("Langsam", body=body_linking(f"{site.url}/langsam"))

    links.links_check()

    row = results(item)[f"{site.url}/langsam"]
    assert row.status == Status.UNREACHABLE and "Keine Antwort" in row.note


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1/geheim", "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/"],
)
def test_private_and_link_local_addresses_are_never_asked(site, url):
    item = article("Intern", body=body_linking(url))

    links.links_check()

    row = results(item)[url]
    assert row.status == Status.REFUSED and "interne Adresse" in row.note


def test_loopback_is_refused_without_the_test_setting(site, settings):
    settings.LINK_CHECK_ALLOW_LOOPBACK = False
    item = article("Lokal", body=body_linking(f"{site.url}/gut"))

    links.links_check()

    assert results(item)[f"{site.url}/gut"].status == Status.REFUSED
    assert site.requests == []


def test_redirects_to_private_addresses_and_in_circles_end_the_check(site):
    item = article("Umwege", body=body_linking(f"{site.url}/nach-intern", f"{site.url}/kreis"))

    links.links_check()

    found = results(item)
    assert found[f"{site.url}/nach-intern"].status == Status.REFUSED
    assert found[f"{site.url}/kreis"].status == Status.BROKEN
    assert "Weiterleitungen" in found[f"{site.url}/kreis"].note


def test_each_address_is_asked_once_and_at_most_workers_at_once(settings):
    settings.LINK_CHECK_ALLOW_LOOPBACK = True
    settings.LINK_CHECK_WORKERS = 3
    server = LinkSite(slow_seconds=0.2)
    try:
        urls = [f"{server.url}/langsam?nr={n}" for n in range(9)]
        article("Eins", body=body_linking(*urls))
        article("Zwei", body=body_linking(*urls))

        links.links_check()

        assert len(server.requests) == 9
        assert 1 < server.most_at_once <= 3
        assert {row.status for row in LinkCheck.objects.all()} == {Status.OK}
        assert LinkCheck.objects.count() == 18
    finally:
        server.stop()


def test_internal_links_are_checked_against_our_own_pages_and_files(settings):
    default_storage.save("uploads/da.jpg", ContentFile(b"bild"))
    kategorie = category("Schlaf")
    article("Entwurf", status=Article.Status.DRAFT)
    article("Vorhanden", body="<p>Intro.</p><h2>Müde Väter</h2><p>Text.</p>")
    FlatPage.objects.create(url="/impressum/", title="Impressum").sites.add(settings.SITE_ID)
    Redirect.objects.create(
        site_id=settings.SITE_ID, old_path="/2019/alt/", new_path="/artikel/vorhanden/"
    )
    urls = {
        "/artikel/vorhanden/": Status.OK,
        f"{settings.SITE_URL}/artikel/vorhanden/#muede-vaeter": Status.OK,
        "/artikel/vorhanden/#related": Status.OK,
        "/artikel/vorhanden/#gibt-es-nicht": Status.BROKEN,
        "/artikel/entwurf/": Status.BROKEN,
        "/artikel/vorhanden": Status.MOVED,
        "/media/uploads/da.jpg": Status.OK,
        "/media/uploads/fehlt.jpg": Status.BROKEN,
        kategorie.get_absolute_url(): Status.OK,
        "/kategorie/gibt-es-nicht/": Status.BROKEN,
        "/impressum/": Status.OK,
        "/datenschutz/": Status.BROKEN,
        "/2019/alt/": Status.MOVED,
        "/gibt-es-nicht/": Status.BROKEN,
        "mailto:autorin@example.org": None,
        "#abschnitt": None,
    }
    item = article("Intern verlinkt", body=body_linking(*urls))

    links.links_check()

    found = results(item)
    assert {url: row.status for url, row in found.items()} == {
        url: status for url, status in urls.items() if status
    }
    assert found["/2019/alt/"].new_url == "/artikel/vorhanden/"
    assert found["/artikel/entwurf/"].note == "Der Artikel ist nicht (mehr) veröffentlicht."
    assert found["/artikel/vorhanden/#gibt-es-nicht"].note == (
        "Den Abschnitt #gibt-es-nicht gibt es dort nicht."
    )


def test_images_and_static_pages_are_checked_too(settings):
    page = FlatPage.objects.create(
        url="/ueber-mich/", title="Über mich", content='<p><a href="/weg/">weg</a></p>'
    )
    page.sites.add(settings.SITE_ID)
    item = article("Bild", body='<p><img src="/media/uploads/nicht-da.png" alt="x"></p>')

    links.links_check()

    assert results(page)["/weg/"].status == Status.BROKEN
    assert results(item)["/media/uploads/nicht-da.png"].status == Status.BROKEN


def test_a_new_run_keeps_ignored_links_and_forgets_removed_ones(site):
    item = article("Links", body=body_linking(f"{site.url}/weg", f"{site.url}/gut"))
    links.links_check()
    LinkCheck.objects.filter(url=f"{site.url}/weg").update(ignored=True)
    assert list(links.broken_links()) == []

    item.body = body_linking(f"{site.url}/weg", f"{site.url}/kaputt")
    item.save()
    links.links_check()

    found = results(item)
    assert set(found) == {f"{site.url}/weg", f"{site.url}/kaputt"}
    assert found[f"{site.url}/weg"].ignored
    assert [row.url for row in links.broken_links()] == [f"{site.url}/kaputt"]


def test_unpublished_articles_leave_the_list(site):
    item = article("Links", body=body_linking(f"{site.url}/weg"))
    links.links_check()
    item.status = Article.Status.DRAFT
    item.save()

    links.links_check()

    assert LinkCheck.objects.count() == 0


def test_storing_results_leaves_the_page_cache_alone(site):
    article("Links", body=body_linking(f"{site.url}/gut"))
    before = cache.get(GENERATION_KEY)

    links.links_check()

    assert cache.get(GENERATION_KEY) == before


def test_command_prints_the_broken_ones_in_german_and_ends_well(site, capsys):
    article(
        "Linksammlung", body=body_linking(f"{site.url}/weg", f"{site.url}/alt", f"{site.url}/gut")
    )

    call_command("check_links")

    out = capsys.readouterr().out
    assert "3 Links geprüft, 1 defekt, 1 verschoben" in out
    assert f"Defekte Links (1):\n  Artikel „Linksammlung“: {site.url}/weg" in out
    assert f"neue Adresse: {site.url}/neu" in out


def test_command_with_nothing_to_check():
    call_command("check_links")  # returns: exit status 0


def test_weekly_job_checks_once_a_week(site):
    assert "links_check_weekly" in " ".join(daily.jobs())
    article("Links", body=body_linking(f"{site.url}/gut"))

    assert links.links_check_weekly() == "1 Links geprüft, 0 defekt, 0 verschoben"
    assert links.links_check_weekly() == "diese Woche schon geprüft"
    LinkCheck.objects.update(checked_at=LinkCheck.objects.get().checked_at - timedelta(days=7))
    assert links.links_check_weekly().startswith("1 Links geprüft")
    assert len(site.requests) == 2


def test_hostile_and_odd_links_do_not_break_the_check(site):
    odd = [
        "javascript:alert(1)",
        "http://",
        "https://[::1",
        "http://xn--nxasmq6b.invalid/",
        "/" + "a" * 1900,
        "/media//etc/passwd",
        "/media/%00x.jpg",
        "/static/../config/settings.py",
        "/artikel/%00/",
        "ftp://example.org/datei",
        f"{site.url}/gut?q=<script>",
    ]
    article("Seltsam", body=body_linking(*odd))

    links.links_check()

    assert {row.url: row.status for row in LinkCheck.objects.all()} == {
        "http://xn--nxasmq6b.invalid/": Status.UNREACHABLE,
        "/" + "a" * 1900: Status.BROKEN,
        "/media//etc/passwd": Status.BROKEN,
        "/media/%00x.jpg": Status.BROKEN,
        "/static/../config/settings.py": Status.BROKEN,
        "/artikel/%00/": Status.BROKEN,
        f"{site.url}/gut?q=<script>": Status.OK,
    }
