"""What the theme promises on the pages, checked in their HTML (issue 15; DESIGN.md hooks)."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import Article
from blog.related import related_lists_rebuild
from tests.blog.reader_helpers import article, category, html

pytestmark = pytest.mark.django_db


def test_article_page_order_is_article_related_signup_then_quote(client):
    call_command("seed_demo", verbosity=0)
    related_lists_rebuild()
    newest = Article.objects.published().first()

    page = html(client.get(newest.get_absolute_url()))

    # The related section follows the article directly, with nothing in between.
    assert re.search(r'</article>\s*<section id="related"', page)
    order = [
        page.index("<article"),
        page.index('<section id="related"'),
        page.index('<form id="newsletter-signup"'),
        page.index('<figure class="quote" id="quote-of-the-month"'),
    ]
    assert order == sorted(order)
    related = page.split('<section id="related"', 1)[1].split("</section>", 1)[0]
    assert related.count('<img class="cover"') == related.count('class="related-card"') > 0


def test_lists_load_the_first_cover_at_once_and_the_others_lazily(client):
    now = timezone.now()
    for number in range(3):
        article(f"Artikel {number}", cover=True, published_at=now - timedelta(days=number + 1))

    covers = re.findall(r'<img class="cover"[^>]*>', html(client.get("/")))

    assert len(covers) == 3
    assert 'loading="eager"' in covers[0]
    assert 'fetchpriority="high"' in covers[0]
    assert all('loading="lazy"' in cover for cover in covers[1:])


def test_404_offers_search_topics_and_the_newest_articles(client):
    article("Ein Abendritual", category=category("Schlaf"))

    response = client.get("/gibt-es-nicht/")

    page = html(response)
    assert response.status_code == 404
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert 'action="/suche/"' in main
    assert 'href="/kategorie/schlaf/"' in main
    assert 'href="/artikel/ein-abendritual/"' in main


def test_an_empty_category_offers_the_newest_articles_elsewhere(client):
    article("Ein Abendritual", category=category("Schlaf"))
    category("Leer")
    Article.objects.create(
        title="Entwurf", slug="entwurf", category=category("Leer"), status="draft"
    )

    main = html(client.get("/kategorie/leer/")).split('<main id="main"', 1)[1]

    assert 'href="/artikel/ein-abendritual/"' in main
    assert 'action="/suche/"' in main


def test_header_has_one_menu_for_phones_that_needs_no_javascript(client):
    article("Ein Abendritual", category=category("Schlaf"))

    header = html(client.get("/")).split("</header>", 1)[0]

    assert '<details class="menu">' in header
    assert header.count('href="/kategorie/schlaf/"') == 2  # desktop row and phone menu
    assert "<script" not in header


def test_cards_name_their_category_except_on_that_categorys_page(client):
    article("Ein Abendritual", category=category("Schlaf"))

    assert '<p class="kicker"><a href="/kategorie/schlaf/">Schlaf</a></p>' in html(client.get("/"))
    assert '<p class="kicker">' not in html(client.get("/kategorie/schlaf/"))
