"""/newsletter/archiv/: the editions that went out, readable by anyone, with nothing personal."""

import datetime
import re

import pytest
from django.utils import timezone

from blog.models import Article
from newsletter import services, tokens
from quotes.models import Quote
from tests.newsletter.editions import (
    make_edition,
    make_subscriber,
    send_all_batches,
)

pytestmark = pytest.mark.usefixtures("edition_settings")


def publish(title, days_ago):
    return Article.objects.create(
        title=title,
        slug=re.sub(r"\W+", "-", title.lower()).strip("-"),
        body=f"<p>{title}: ein Text für Eltern.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def send(edition):
    services.edition_send(edition=edition, enqueue=False)
    send_all_batches(edition)
    edition.refresh_from_db()
    return edition


@pytest.mark.django_db
def test_archive_lists_editions_that_went_out_and_never_drafts(client, smtp_server):
    make_subscriber("anna@example.org")
    sent = send(make_edition(subject="Elternpost Oktober"))
    make_edition(subject="Geheimer Entwurf")

    html = client.get("/newsletter/archiv/").content.decode()

    assert "Elternpost Oktober" in html
    assert f'href="/newsletter/archiv/{sent.pk}/"' in html
    assert "Geheimer Entwurf" not in html


@pytest.mark.django_db
def test_a_draft_is_not_shown_in_the_archive(client):
    draft = make_edition()

    page = client.get(f"/newsletter/archiv/{draft.pk}/").content.decode()
    listing = client.get("/newsletter/archiv/").content.decode()

    assert "Diese Ausgabe ist noch nicht erschienen" in page  # a test mail's web link
    assert draft.subject not in page + listing
    assert draft.body not in page


@pytest.mark.django_db
def test_archive_pages_show_nothing_personal(client, smtp_server):
    anna = make_subscriber("anna.vogel@example.org", first_name="Annabell")
    edition = send(make_edition(subject="Elternpost November"))

    pages = client.get("/newsletter/archiv/").content.decode()
    pages += client.get(f"/newsletter/archiv/{edition.pk}/").content.decode()

    assert "Elternpost November" in pages
    assert "anna.vogel" not in pages
    assert "Annabell" not in pages
    assert tokens.make_unsubscribe_token(anna) not in pages
    assert "/newsletter/abmelden/" not in pages
    assert "Guten Tag" not in pages


@pytest.mark.django_db
def test_edition_page_shows_the_text_articles_and_quote_as_they_were_sent(client, smtp_server):
    make_subscriber("anna@example.org")
    before = publish("Gut schlafen im Herbst", days_ago=3)
    Quote.objects.create(
        text="Kinder sind Gäste, die nach dem Weg fragen.",
        author="Jirina Prekop",
        month=timezone.localdate().replace(day=1),
    )
    edition = send(
        make_edition(
            body="<p>Liebe Eltern, <em>willkommen</em>.</p>",
            include_articles=True,
            include_quote=True,
        )
    )
    publish("Erst nach dem Versand erschienen", days_ago=0)

    response = client.get(f"/newsletter/archiv/{edition.pk}/")

    html = response.content.decode()
    assert "<p>Liebe Eltern, <em>willkommen</em>.</p>" in html
    assert f'href="{before.get_absolute_url()}"' in html
    assert "Erst nach dem Versand erschienen" not in html
    assert "Kinder sind Gäste, die nach dem Weg fragen." in html
    assert html.count("<h1") == 1
    assert '<main id="main"' in html


@pytest.mark.django_db
def test_an_article_withdrawn_after_sending_leaves_the_archive_page(client, smtp_server):
    make_subscriber("anna@example.org")
    article = publish("Spaeter zurueckgezogen", days_ago=1)
    edition = send(make_edition(include_articles=True))

    article.status = Article.Status.DRAFT
    article.save()

    assert "Spaeter zurueckgezogen" not in client.get(edition.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_archive_list_needs_the_same_queries_for_many_editions(
    client, smtp_server, django_assert_max_num_queries
):
    make_subscriber("anna@example.org")
    for number in range(5):
        send(make_edition(subject=f"Ausgabe {number}"))
    client.get("/newsletter/archiv/")  # the first visit stores the default signup box

    # 1 count for the paginator, 1 page of editions, 1 signup box (the form below the list),
    # at most 1 category navigation and 1 quote of the month (the page frame caches some)
    with django_assert_max_num_queries(5):
        response = client.get("/newsletter/archiv/")

    assert response.content.decode().count('href="/newsletter/archiv/') == 5 + 1  # + footer


@pytest.mark.django_db
def test_archive_is_linked_from_the_signup_page_and_the_footer_of_every_page(client):
    publish("Ein Artikel", days_ago=1)

    signup = client.get("/newsletter/").content.decode()
    home = client.get("/").content.decode()

    main = signup.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert 'href="/newsletter/archiv/"' in main
    footer = home.split('<footer class="site-footer"', 1)[1]
    assert 'href="/newsletter/archiv/"' in footer


@pytest.mark.django_db
def test_sitemap_lists_the_newsletter_pages_and_sent_editions_only(client, smtp_server, settings):
    settings.SITE_URL = "https://elternblog.example"
    make_subscriber("anna@example.org")
    sent = send(make_edition(subject="Elternpost Oktober"))
    draft = make_edition(subject="Geheimer Entwurf")

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "<loc>https://elternblog.example/newsletter/</loc>" in sitemap
    assert "<loc>https://elternblog.example/newsletter/archiv/</loc>" in sitemap
    assert f"<loc>https://elternblog.example/newsletter/archiv/{sent.pk}/</loc>" in sitemap
    assert f"/newsletter/archiv/{draft.pk}/" not in sitemap
