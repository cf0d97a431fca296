"""The link check's results in the admin: per article and link, with "ignorieren"."""

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from blog.link_models import LinkCheck
from blog.links import broken_links
from tests.blog.reader_helpers import article, html

pytestmark = pytest.mark.django_db
URL = "/admin/blog/linkcheck/"


def checked(item, url, status=LinkCheck.Status.BROKEN, **fields):
    return LinkCheck.objects.create(
        article=item, url=url, status=status, checked_at=timezone.now(), **fields
    )


@pytest.fixture
def found():
    item = article("Linksammlung")
    return [
        checked(
            item,
            "https://example.org/weg",
            http_status=404,
            note="Die Seite gibt es dort nicht mehr.",
        ),
        checked(
            item,
            "https://example.org/alt",
            LinkCheck.Status.MOVED,
            new_url="https://example.org/neu",
        ),
        checked(article("Anderer Artikel"), "https://example.org/<script>alert(1)</script>"),
    ]


def staff(*codenames):
    user = User.objects.create_user("redaktion", password="ein-langes-passwort", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_list_shows_each_link_with_its_article_status_and_time(admin_client, found):
    page = html(admin_client.get(URL))

    assert "Geprüfte Links" in page
    assert "Linksammlung" in page and "https://example.org/weg" in page
    assert "defekt" in page and "verschoben" in page and "https://example.org/neu" in page
    assert "Die Seite gibt es dort nicht mehr." in page
    assert "<script>alert(1)" not in page
    only_one = html(admin_client.get(URL, {"article__id__exact": found[0].article_id}))
    assert "https://example.org/weg" in only_one and "&lt;script&gt;" not in only_one


def test_ignore_action_takes_a_link_off_the_broken_list(admin_client, found):
    response = admin_client.post(
        URL, {"action": "ignore", "_selected_action": [found[0].pk]}, follow=True
    )

    assert "1 Links werden ignoriert." in html(response)
    assert [row.url for row in broken_links()] == [found[2].url]
    admin_client.post(URL, {"action": "unignore", "_selected_action": [found[0].pk]})
    assert len(broken_links()) == 2


def test_view_only_staff_see_the_list_but_cannot_ignore(client, found):
    client.force_login(staff("view_linkcheck"))

    page = html(client.get(URL))
    assert "https://example.org/weg" in page and 'value="ignore"' not in page
    client.post(URL, {"action": "ignore", "_selected_action": [found[0].pk]})
    assert not LinkCheck.objects.filter(ignored=True).exists()


def test_results_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(f"{URL}add/").status_code == 403


def test_broken_links_costs_one_query(found, django_assert_num_queries):
    # SELECT the unignored broken links with their article and page (one join each).
    with django_assert_num_queries(1):
        assert [row.article.title for row in broken_links()] == ["Anderer Artikel", "Linksammlung"]
