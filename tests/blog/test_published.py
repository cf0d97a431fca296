"""published(): the one door for public reads, exact to the second of `published_at`."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from blog.models import Article
from tests.blog.reader_helpers import article, html

pytestmark = pytest.mark.django_db

MOMENT = datetime(2025, 3, 14, 7, 0, tzinfo=UTC)


@pytest.fixture
def scheduled():
    with time_machine.travel(MOMENT - timedelta(days=1), tick=False):
        return article("Frühlingsanfang", published_at=MOMENT)


def test_scheduled_article_is_hidden_one_second_before_its_time(scheduled):
    with time_machine.travel(MOMENT - timedelta(seconds=1), tick=False):
        assert list(Article.objects.published()) == []


def test_scheduled_article_is_visible_at_exactly_its_time(scheduled):
    with time_machine.travel(MOMENT, tick=False):
        assert list(Article.objects.published()) == [scheduled]


def test_scheduled_article_goes_live_on_every_page_without_a_job(client, scheduled):
    urls = ["/", "/artikel/fruehlingsanfang/", "/archiv/2025/03/", "/feed/", "/sitemap.xml"]
    with time_machine.travel(MOMENT - timedelta(minutes=1), tick=False):
        before = {url: client.get(url) for url in urls}
    with time_machine.travel(MOMENT, tick=False):
        after = {url: client.get(url) for url in urls}

    assert before["/artikel/fruehlingsanfang/"].status_code == 404
    assert after["/artikel/fruehlingsanfang/"].status_code == 200
    for url in ["/", "/archiv/2025/03/", "/feed/", "/sitemap.xml"]:
        assert "fruehlingsanfang" not in html(before[url]), url
        assert "fruehlingsanfang" in html(after[url]), url


def test_draft_stays_hidden_even_when_its_time_has_long_come():
    article("Nie fertig", status=Article.Status.DRAFT, published_at=MOMENT)

    with time_machine.travel(MOMENT + timedelta(days=365), tick=False):
        assert not Article.objects.published().exists()
