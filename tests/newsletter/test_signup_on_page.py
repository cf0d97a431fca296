"""A signup error on an article keeps the reader on the article, at the form, with her input."""

import datetime as dt

import pytest
from django.test import Client

from blog.models import Article
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return Article.objects.create(
        title="Trotzphase ohne Drama",
        slug="trotzphase-ohne-drama",
        body="<p>Tief durchatmen.</p>",
        status=Article.Status.PUBLISHED,
        published_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )


def post_from(client, page, **fields):
    data = {"email": "", "first_name": "", "homepage": "", "source": page, **fields}
    return client.post("/newsletter/", data)


def test_a_bad_address_sends_the_reader_back_to_the_article_with_the_error(client, article):
    path = article.get_absolute_url()

    response = post_from(client, path, email="ida@localhost", first_name="Ida", consent="on")

    assert response.status_code == 302
    assert response["Location"] == f"{path}#newsletter-signup"
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Trotzphase ohne Drama</h1>" in html or "Trotzphase ohne Drama</h1>" in html
    assert "Bitte prüfen Sie die markierten Angaben" in html
    assert "Internet-Domain" in html
    assert 'value="ida@localhost"' in html
    assert 'value="Ida"' in html
    assert 'id="newsletter-consent" required checked' in html
    assert f'name="source" value="{path}"' in html
    assert not Subscriber.objects.exists()


def test_a_missing_tick_is_explained_at_the_form_on_the_article(client, article):
    path = article.get_absolute_url()

    post_from(client, path, email="ida@example.org")
    html = client.get(path).content.decode()

    assert "Bitte setzen Sie das Häkchen bei der Einwilligung" in html
    assert 'value="ida@example.org"' in html
    assert 'id="newsletter-consent" required checked' not in html


def test_the_errors_show_once_and_never_reach_the_page_cache(client, article):
    path = article.get_absolute_url()
    Client().get(path)  # the page is cached for everyone

    post_from(client, path, email="ida@localhost", consent="on")
    with_errors = client.get(path)
    again = client.get(path)
    next_visitor = Client().get(path)

    assert "Internet-Domain" in with_errors.content.decode()
    assert "private" in with_errors["Cache-Control"]
    assert with_errors.cookies["messages"].value == ""  # read, so deleted
    for response in (again, next_visitor):
        assert "Internet-Domain" not in response.content.decode()
        assert "ida@localhost" not in response.content.decode()


def test_a_huge_hostile_input_still_comes_back_as_an_error(client, article):
    path = article.get_absolute_url()

    post_from(client, path, email="<script>" + "x" * 100_000, first_name="Ä" * 100_000)
    html = client.get(path).content.decode()

    assert "Das sieht nicht wie eine E-Mail-Adresse aus" in html
    assert "höchstens 50 Zeichen" in html
    assert "<script>x" not in html


def test_success_from_an_article_still_asks_to_check_the_inbox(client, article):
    response = post_from(client, article.get_absolute_url(), email="ida@example.org", consent="on")

    assert response["Location"] == "/newsletter/bitte-bestaetigen/"
    assert Subscriber.objects.get().consent_page == article.get_absolute_url()


def test_a_visitors_answers_never_reach_the_kept_signup_box(client, article, settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600  # the empty box is kept per page
    path = article.get_absolute_url()
    Client().get(path)

    post_from(client, path, email="ida@localhost", first_name="Ida", consent="on")
    with_errors = client.get(path).content.decode()
    next_visitor = Client().get(path).content.decode()

    assert 'value="ida@localhost"' in with_errors
    assert "ida@localhost" not in next_visitor and 'value="Ida"' not in next_visitor
    assert f'name="source" value="{path}"' in next_visitor
