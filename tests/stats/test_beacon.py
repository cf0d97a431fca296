"""The beacon endpoint: takes only its own tiny payload, counts once, never breaks."""

import pytest

from stats.models import Count
from tests.stats.conftest import BEACON_URL, flush, send

pytestmark = pytest.mark.django_db

ARTICLE = "/artikel/schlaf-im-ersten-jahr/"


def counted(metric):
    return dict(Count.objects.filter(metric=metric).values_list("key", "count"))


def test_a_page_view_counts_its_page_kind_referrer_host_and_device_class():
    response = send(
        {"p": ARTICLE, "r": "https://www.google.de/search?q=baby+schlaf", "w": 390, "u": ""}
    )

    assert response.status_code == 204
    assert flush() == 4
    assert counted("view") == {ARTICLE: 1}
    assert counted("kind") == {"article": 1}
    # The host only: the search the reader typed at Google is not kept.
    assert counted("referrer") == {"google.de": 1}
    assert counted("device") == {"phone": 1}


def test_a_view_without_referrer_is_direct_and_one_from_our_own_pages_is_no_referrer():
    send({"p": "/", "r": "", "w": 1920})
    send({"p": "/zitate/", "r": "http://testserver/", "w": 1920})
    flush()

    assert counted("referrer") == {"direkt": 1}
    assert counted("kind") == {"home": 1, "quotes": 1}
    assert counted("device") == {"desktop": 2}


def test_page_kinds_come_from_the_path_and_only_article_paths_are_kept():
    for path in ["/kategorie/schlaf/", "/schlagwort/kita/", "/suche/", "/newsletter/",
                 "/newsletter/bestaetigen/geheimes-token/", "/impressum/"]:  # fmt: skip
        send({"p": path})
    flush()

    assert counted("kind") == {
        "category": 1, "tag": 1, "search": 1, "newsletter": 2, "other": 1
    }  # fmt: skip
    assert counted("view") == {}
    assert not Count.objects.filter(key__contains="geheimes-token").exists()


def test_repeat_views_by_one_reader_count_once_other_readers_count_again():
    send({"p": ARTICLE})
    send({"p": ARTICLE})
    send({"p": ARTICLE}, ip="198.51.100.9")
    flush()

    assert counted("view") == {ARTICLE: 2}


def test_each_search_counts_with_its_normalized_term():
    send({"p": "/suche/", "q": "Schlaf!"})
    send({"p": "/suche/", "q": "  schlaf "})
    send({"p": "/suche/", "q": "Kita Eingewöhnung"})
    flush()

    assert counted("search") == {"schlaf": 1, "kita eingewöhnung": 1}
    assert counted("kind") == {"search": 2}


def test_utm_source_counts_as_campaign():
    send({"p": ARTICLE, "u": "Elternpost"})
    flush()

    assert counted("campaign") == {"elternpost": 1}


def test_a_click_on_a_related_article_counts_from_and_to():
    target = "/artikel/mittagsschlaf/"
    send({"p": ARTICLE, "t": target})
    send({"p": ARTICLE, "t": "/impressum/"})  # not an article: ignored
    flush()

    row = Count.objects.get(metric="related")
    assert (row.key, row.target, row.count) == (ARTICLE, target, 1)
    assert counted("view") == {}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0.0.0",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_are_answered_like_readers_but_not_counted(agent):
    response = send({"p": ARTICLE}, agent=agent)

    assert response.status_code == 204
    assert flush() == 0


def test_prefetches_do_not_count():
    assert send({"p": ARTICLE}, HTTP_SEC_PURPOSE="prefetch").status_code == 204
    assert send({"p": ARTICLE}, HTTP_PURPOSE="prefetch").status_code == 204
    assert flush() == 0


@pytest.mark.parametrize(
    "body",
    [
        "",
        "kein json",
        "[1, 2, 3]",
        '{"p": 5}',
        '{"p": "https://andere-seite.example/artikel/x/"}',
        '{"p": "//andere-seite.example/"}',
        '{"p": "/mit leerzeichen/"}',
        '{"r": "https://example.com/"}',
        b"\xff\xfe\x00kaputt",
        '{"p": "/", "w": "breit", "r": ["liste"], "u": {"x": 1}, "q": 7}',
        '{"p": "/artikel/x/", "t": 12}',
        '{"p": "/", "r": "http://[zerbrochen/"}',
    ],
)
def test_garbage_never_errors(body):
    response = send(body)

    assert response.status_code in (204, 400, 415)
    flush()
    assert not Count.objects.filter(metric__in=["view", "related"]).exists()


def test_the_odd_fields_of_a_valid_view_are_dropped_not_the_view():
    send({"p": "/", "w": "breit", "r": ["liste"], "u": {"x": 1}, "q": 7})
    flush()

    assert counted("kind") == {"home": 1}
    assert counted("device") == counted("referrer") == counted("campaign") == {}


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json"],
)
def test_other_content_types_are_refused(content_type):
    response = send('{"p": "/"}', content_type=content_type)

    assert response.status_code == 415
    assert flush() == 0


def test_oversized_bodies_are_refused_unread():
    response = send({"p": "/", "q": "x" * 2000})

    assert response.status_code == 413
    assert flush() == 0


def test_beacons_from_other_sites_are_refused(client):
    from_form = send({"p": "/"}, sec_fetch_site="cross-site")
    from_origin = client.post(
        BEACON_URL,
        '{"p": "/"}',
        content_type="text/plain",
        HTTP_USER_AGENT="Mozilla/5.0",
        HTTP_ORIGIN="https://boese.example",
    )

    assert from_form.status_code == from_origin.status_code == 403
    assert flush() == 0


def test_one_network_is_limited_per_minute_ipv6_per_64():
    answers = [
        send({"p": f"/artikel/a{n}/"}, ip=f"2001:db8:1:2::{n:x}").status_code for n in range(65)
    ]
    other_network = send({"p": "/"}, ip="2001:db8:1:3::1").status_code

    assert answers[:60] == [204] * 60
    assert answers[60:] == [429] * 5
    assert other_network == 204
    flush()
    assert Count.objects.filter(metric="view").count() == 60


def test_get_is_not_allowed_and_nothing_is_cached(client):
    response = client.get(BEACON_URL)
    answer = send({"p": "/"})

    assert response.status_code == 405
    for each in (response, answer):
        assert "no-store" in each["Cache-Control"]
        assert not each.cookies


def test_stats_off_means_no_endpoint(settings):
    settings.STATS = False

    assert send({"p": "/"}).status_code == 404
    assert flush() == 0
