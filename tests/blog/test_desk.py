"""The author's desk: the admin index shows what needs her today, each part to whom may see it."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.link_models import LinkCheck
from blog.models import Article
from newsletter.models import Edition, Subscriber
from quotes.models import Quote
from stats.models import Count

pytestmark = pytest.mark.django_db
# The link check (blog.LinkCheck) is built beside the desk; its panel shows once it is there.
DESK = "/admin/"
BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def desk(client):
    return client.get(DESK).content.decode()


def section(html, element_id):
    found = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', html, re.S)
    return found.group(0) if found else ""


def titles_in(html):
    return re.findall(r'<li><a href="[^"]*">([^<]+)</a>', html)


@pytest.fixture
def staff_with(django_user_model, client):
    """A logged-in staff user holding only the named permissions ("app.codename")."""

    def make(*names):
        user = django_user_model.objects.create_user("redaktion", password="ein-langes-passwort")
        user.is_staff = True
        user.save()
        for name in names:
            app, codename = name.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app, codename=codename)
            )
        client.force_login(user)
        return client

    return make


def test_new_article_comes_first_then_drafts_newest_changed_first(admin_client):
    for title in ["Alter Entwurf", "Mittlerer Entwurf", "Neuer Entwurf"]:
        Article.objects.create(title=title)
    Article.objects.filter(title="Mittlerer Entwurf").first().save()  # changed last
    Article.objects.create(title="Online", status="published")

    html = desk(admin_client)

    assert html.index('href="/admin/blog/article/add/"') < html.index('id="desk-drafts"')
    assert titles_in(section(html, "desk-drafts")) == [
        "Mittlerer Entwurf",
        "Neuer Entwurf",
        "Alter Entwurf",
    ]
    assert html.index('id="desk"') < html.index('class="app-blog')


def test_scheduled_articles_show_their_time_in_berlin(admin_client):
    Article.objects.create(
        title="Adventskalender basteln",
        status="published",
        published_at=datetime.datetime(2099, 12, 1, 6, 0, tzinfo=datetime.UTC),
    )
    Article.objects.create(title="Schon online", status="published")

    scheduled = section(desk(admin_client), "desk-scheduled")

    assert titles_in(scheduled) == ["Adventskalender basteln"]
    assert "Di, 1. Dezember 2099, 07:00 Uhr" in scheduled


def test_only_the_newest_drafts_are_listed_with_a_link_to_all(admin_client):
    Article.objects.bulk_create(Article(title=f"Entwurf {n}", slug=f"e-{n}") for n in range(12))

    drafts = section(desk(admin_client), "desk-drafts")

    assert len(titles_in(drafts)) == 10
    assert "/admin/blog/article/?status__exact=draft" in drafts


def test_titles_are_escaped(admin_client):
    Article.objects.create(title="<script>alert(1)</script> Schlaf")

    html = desk(admin_client)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Schlaf" in html


@pytest.mark.parametrize(
    ("now", "next_quote", "asked_for"),
    [
        (berlin(2026, 11, 19, 23, 59), False, None),
        (berlin(2026, 11, 20, 0, 1), False, "Dezember 2026"),  # still the 19th in UTC
        (berlin(2026, 11, 30, 12, 0), True, None),
        (berlin(2026, 12, 31, 12, 0), False, "Januar 2027"),
    ],
)
def test_next_months_quote_is_asked_for_from_the_20th(
    client, admin_user, now, next_quote, asked_for
):
    following = (now.date().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    if next_quote:
        Quote.objects.create(text="Kinder sind Gäste.", author="Unbekannt", month=following)

    with time_machine.travel(now, tick=False):
        client.force_login(admin_user)  # a session of that day
        reminder = section(desk(client), "desk-quote-missing")

    if asked_for:
        assert f"Für {asked_for} gibt es noch kein Zitat des Monats" in reminder
        assert "/admin/quotes/quote/add/" in reminder
    else:
        assert not reminder


def test_newsletter_at_a_glance(admin_client):
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=90)
    recent = now - datetime.timedelta(days=3)
    for n, (status, confirmed_at, unsubscribed_at) in enumerate(
        [
            ("confirmed", long_ago, None),
            ("confirmed", long_ago, None),
            ("confirmed", recent, None),
            ("confirmed", recent, None),
            ("confirmed", recent, None),
            ("unsubscribed", long_ago, recent),
            ("pending", None, None),
        ]
    ):
        Subscriber.objects.create(
            email=f"leser{n}@example.org",
            consent_version=1,
            status=status,
            confirmed_at=confirmed_at,
            unsubscribed_at=unsubscribed_at,
        )
    Edition.objects.create(subject="Novemberpost", status="sent", sent_at=recent)
    Edition.objects.create(subject="Oktoberpost", status="sent", sent_at=long_ago)
    Edition.objects.create(subject="Noch ein Entwurf")

    glance = section(desk(admin_client), "desk-newsletter")

    assert '<strong class="number">5</strong> bestätigte' in glance
    assert 'in 30 Tagen <span class="number">+2</span>' in glance
    assert "(3 neu bestätigt, 1 abgemeldet)" in glance
    assert "Novemberpost" in glance
    assert "Oktoberpost" not in glance and "Noch ein Entwurf" not in glance
    assert "Als Nächstes geplant: keine Ausgabe" in " ".join(glance.split())


def test_the_next_scheduled_edition_is_shown_with_its_time(admin_client):
    berlin = ZoneInfo("Europe/Berlin")
    for subject, day in [("Nikolauspost", 6), ("Adventspost", 1)]:
        Edition.objects.create(
            subject=subject,
            status="scheduled",
            scheduled_for=datetime.datetime(2099, 12, day, 7, 30, tzinfo=berlin),
        )

    glance = re.sub(r"<[^>]+>", " ", section(desk(admin_client), "desk-newsletter"))
    assert "Als Nächstes geplant: Adventspost 1. Dezember 2099, 07:30 Uhr" in " ".join(
        glance.split()
    )
    assert "Nikolauspost" not in glance


def test_most_read_articles_of_the_last_seven_days(admin_client, settings):
    settings.STATS = True
    today = timezone.localdate()
    for slug, title in [("viel", "Viel gelesen"), ("wenig", "Wenig gelesen"), ("alt", "Alt")]:
        Article.objects.create(title=title, slug=slug, status="published")
    for slug, days_ago, count in [("viel", 0, 40), ("viel", 6, 2), ("wenig", 1, 5), ("alt", 7, 99)]:
        Count.objects.create(
            day=today - datetime.timedelta(days=days_ago),
            metric=Count.Metric.VIEW,
            key=f"/artikel/{slug}/",
            count=count,
        )

    most_read = section(desk(admin_client), "desk-most-read")

    assert titles_in(most_read) == ["Viel gelesen", "Wenig gelesen"]
    assert "42 Aufrufe" in most_read and "5 Aufrufe" in most_read


def test_no_most_read_panel_with_stats_off(admin_client, settings):
    settings.STATS = False

    assert 'id="desk-most-read"' not in desk(admin_client)


def test_each_panel_only_for_who_may_see_its_data(staff_with):
    Article.objects.create(title="Geheimer Entwurf")
    Subscriber.objects.create(email="a@example.org", status="confirmed", consent_version=1)

    html = desk(staff_with("newsletter.view_subscriber"))

    assert 'id="desk-newsletter"' in html and "bestätigte" in html
    assert "Zuletzt versendet" not in html  # editions need their own permission
    for hidden in ["desk-drafts", "desk-scheduled", "desk-most-read", "desk-quote-missing"]:
        assert f'id="{hidden}"' not in html, hidden
    assert "Geheimer Entwurf" not in html and "Neuer Artikel" not in html


def test_a_staff_user_without_permissions_sees_an_empty_desk(staff_with):
    Article.objects.create(title="Entwurf")

    html = desk(staff_with())

    assert re.search(r'<div id="desk">\s*</div>', html)


def make_articles(count):
    """A third drafts, a third scheduled, a third online and read today."""
    future = timezone.now() + datetime.timedelta(days=3)
    Article.objects.bulk_create(
        Article(
            title=f"Artikel {n}",
            slug=f"artikel-{n}",
            status="draft" if n % 3 == 0 else "published",
            published_at=future if n % 3 == 1 else timezone.now(),
        )
        for n in range(count)
    )
    Count.objects.bulk_create(
        Count(day=timezone.localdate(), metric="view", key=f"/artikel/artikel-{n}/", count=n)
        for n in range(2, count, 3)
    )


def test_desk_query_count_does_not_grow_with_articles(client, admin_user, settings):
    settings.STATS = True
    counts = []
    with time_machine.travel(berlin(2026, 11, 25, 10, 0), tick=False):
        client.force_login(admin_user)
        for total in [3, 300]:
            Article.objects.all().delete()
            Count.objects.all().delete()
            make_articles(total)
            with CaptureQueriesContext(connection) as queries:
                html = desk(client)
            counts.append(len(queries))
            assert titles_in(section(html, "desk-most-read"))

    # session, user; whether the one welcome mail exists yet (its "add" link);
    # next month's quote; drafts, scheduled; subscribers, last and next
    # edition; views of 7 days, their articles' titles; broken links, their number; the
    # recent actions
    expected = 14
    assert counts == [expected, expected]


def test_broken_links_from_the_link_check(admin_client):
    article = Article.objects.create(title="Linksammlung", status="published")
    now = timezone.now()
    for url, status, ignored in [
        ("https://weg.example/", "broken", False),
        ("https://still.example/", "unreachable", False),
        ("https://egal.example/", "broken", True),
        ("https://gut.example/", "ok", False),
    ]:
        LinkCheck.objects.create(
            article=article, url=url, status=status, ignored=ignored, checked_at=now
        )

    panel = section(desk(admin_client), "desk-broken-links")

    assert re.findall(r'<li><a href="([^"]+)"', panel) == [
        "https://still.example/",
        "https://weg.example/",
    ]
    assert "Linksammlung" in panel and "nicht erreichbar" in panel
    assert "status__in=broken%2Cunreachable%2Crefused" in panel


def test_broken_links_only_for_who_may_see_the_link_check(staff_with):
    assert 'id="desk-broken-links"' not in desk(staff_with("blog.view_article"))
