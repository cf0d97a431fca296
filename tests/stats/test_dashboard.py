"""/admin/statistik/: the author's view of the counts, German, with CSV downloads."""

import csv
import datetime
import io
import re
import time

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from blog.models import Article
from stats import buffer
from stats.models import Count
from tests.stats.conftest import send

pytestmark = pytest.mark.django_db

URL = "/admin/statistik/"


def publish(title, slug):
    return Article.objects.create(
        title=title, slug=slug, status="published", published_at=timezone.now()
    )


def stored(metric, key, count, days_ago=0, target=""):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    Count.objects.create(day=day, metric=metric, key=key, target=target, count=count)


def article_rows(html):
    table = re.search(r'<table id="stats-articles">.*?</table>', html, re.S).group(0)
    return re.findall(
        r'<tr><td><a href="[^"]+">([^<]+)</a></td><td class="number">(\d+)</td>', table
    )


@pytest.fixture
def author(client):
    user = User.objects.create_user("autorin", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_statistics"))
    client.force_login(user)
    return client


def test_staff_without_the_permission_are_refused(client):
    user = User.objects.create_user("praktikant", is_staff=True)
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert "Lesestatistik" not in client.get("/admin/").content.decode()


def test_visitors_are_sent_to_the_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_desk_links_to_the_statistics(author):
    index = author.get("/admin/").content.decode()

    assert "Lesestatistik" in index
    assert author.get("/admin/stats/count/").url == URL


def test_articles_table_shows_title_and_views_of_the_period_most_read_first(author):
    publish("Schlaf im ersten Jahr", "schlaf")
    publish("Kita-Eingewöhnung", "kita")
    stored("view", "/artikel/schlaf/", 3)
    stored("view", "/artikel/kita/", 5, days_ago=2)
    stored("view", "/artikel/kita/", 100, days_ago=40)  # outside the default 30 days
    stored("view", "/artikel/geloescht/", 9)  # no such article any more

    html = author.get(URL).content.decode()

    assert article_rows(html) == [("Kita-Eingewöhnung", "5"), ("Schlaf im ersten Jahr", "3")]
    assert "<h1>Lesestatistik</h1>" in html


def test_articles_sort_by_views_ascending_and_a_longer_period_counts_more(author):
    publish("Schlaf im ersten Jahr", "schlaf")
    publish("Kita-Eingewöhnung", "kita")
    stored("view", "/artikel/schlaf/", 3)
    stored("view", "/artikel/kita/", 5, days_ago=2)
    stored("view", "/artikel/kita/", 100, days_ago=40)

    ascending = author.get(URL, {"sortierung": "aufrufe-aufsteigend"}).content.decode()
    year = author.get(URL, {"zeitraum": "365"}).content.decode()
    week = author.get(URL, {"zeitraum": "7"}).content.decode()

    assert article_rows(ascending) == [("Schlaf im ersten Jahr", "3"), ("Kita-Eingewöhnung", "5")]
    assert article_rows(year)[0] == ("Kita-Eingewöhnung", "105")
    assert len(article_rows(week)) == 2


def test_a_custom_period_and_clumsy_dates_get_german_messages(author):
    publish("Schlaf im ersten Jahr", "schlaf")
    stored("view", "/artikel/schlaf/", 4, days_ago=100)
    day = (timezone.localdate() - datetime.timedelta(days=100)).isoformat()

    custom = author.get(URL, {"zeitraum": "eigener", "von": day, "bis": day})
    reversed_dates = author.get(
        URL, {"zeitraum": "eigener", "von": "2026-05-02", "bis": "2026-05-01"}
    )
    missing = author.get(URL, {"zeitraum": "eigener", "von": "2026-05-02"})
    nonsense = author.get(URL, {"zeitraum": "eigener", "von": "gestern", "bis": "heute"})

    assert article_rows(custom.content.decode()) == [("Schlaf im ersten Jahr", "4")]
    assert "Das Von-Datum liegt nach dem Bis-Datum." in reversed_dates.content.decode()
    assert "bitte Von und Bis angeben" in missing.content.decode()
    assert "gültiges Datum" in nonsense.content.decode()
    for response in (reversed_dates, missing, nonsense):
        assert response.status_code == 200
        assert (
            "letzten 30 Tage" in response.content.decode()
            or "gültiges" in response.content.decode()
        )


def test_search_terms_show_only_from_three_searches_on(author):
    stored("search", "schlaf", 2)
    stored("search", "schlaf", 1, days_ago=3)
    stored("search", "seltene krankheit meines sohnes", 2)

    html = author.get(URL).content.decode()

    suche = re.search(r'<table id="stats-suchbegriffe">.*?</table>', html, re.S).group(0)
    assert "schlaf" in suche
    assert "seltene krankheit" not in html


def test_small_tables_show_referrers_kinds_devices_related_clicks_and_signups(author):
    publish("Schlaf im ersten Jahr", "schlaf")
    publish("Mittagsschlaf", "mittagsschlaf")
    stored("referrer", "google.de", 7)
    stored("referrer", "direkt", 2)
    stored("kind", "home", 4)
    stored("device", "phone", 6)
    stored("related", "/artikel/schlaf/", 2, target="/artikel/mittagsschlaf/")
    stored("signup", "/artikel/schlaf/", 1)
    stored("campaign", "elternpost", 3)

    html = author.get(URL).content.decode()

    for expected in ["google.de", "direkt", "Startseite", "Handy", "elternpost"]:
        assert expected in html, expected
    related = re.search(r'<table id="stats-aehnliche-beitraege">.*?</table>', html, re.S).group(0)
    assert re.search(r"Schlaf im ersten Jahr</td><td>Mittagsschlaf</td><td[^>]*>2<", related)
    signups = re.search(r'<table id="stats-anmeldungen">.*?</table>', html, re.S).group(0)
    assert "Schlaf im ersten Jahr" in signups


def test_the_chart_is_an_svg_with_one_bar_per_day_and_readable_values(author):
    stored("kind", "article", 12, days_ago=1)

    html = author.get(URL, {"zeitraum": "7"}).content.decode()

    svg = re.search(r'<svg role="img".*?</svg>', html, re.S).group(0)
    assert svg.count("<rect") == 7
    assert "12 Aufrufe" in svg
    assert 'role="img"' in svg
    assert "," not in re.sub(
        r"<title[^>]*>.*?</title>", "", svg
    )  # no German decimal commas in SVG numbers


def test_csv_download_of_a_table(author):
    publish('=HYPERLINK("böse")', "formel")
    stored("view", "/artikel/formel/", 2)

    response = author.get(URL, {"csv": "artikel"})

    assert response["Content-Type"].startswith("text/csv")
    assert "statistik-artikel-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Artikel", "Adresse", "Aufrufe"],
        ['\'=HYPERLINK("böse")', "/artikel/formel/", "2"],
    ]
    assert author.get(URL, {"csv": "gibt-es-nicht"}).status_code == 404


def test_views_appear_on_the_page_without_waiting_for_the_worker(author):
    publish("Schlaf im ersten Jahr", "schlaf")
    send({"p": "/artikel/schlaf/"})
    buffer.write_pending()  # what the process's timer does within a second

    # Once the buffer's 10-second bucket has closed, the page writes it itself.
    with time_machine.travel(time.time() + buffer.BUCKET_SECONDS + buffer.GRACE_SECONDS):
        html = author.get(URL).content.decode()

    assert article_rows(html) == [("Schlaf im ersten Jahr", "1")]
