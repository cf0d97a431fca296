"""What an edition says: the appendix of new articles and the quote, and the mail's text."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from blog.models import Article
from newsletter import mailtext, rendering, services
from newsletter.models import Edition
from quotes.models import Quote
from tests.newsletter.editions import make_edition

pytestmark = pytest.mark.usefixtures("edition_settings")

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


def publish(slug, when, status=Article.Status.PUBLISHED):
    return Article.objects.create(
        title=slug.replace("-", " ").title(),
        slug=slug,
        body="<p>Text</p>",
        status=status,
        published_at=when,
    )


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_appendix_holds_articles_since_the_previous_edition_went_out():
    previous = make_edition(subject="Oktober")
    previous.status, previous.started_at = "sent", NOW - datetime.timedelta(days=20)
    previous.save()
    publish("schon-verschickt", NOW - datetime.timedelta(days=25))
    publish("neu-eins", NOW - datetime.timedelta(days=10))
    publish("neu-zwei", NOW - datetime.timedelta(days=2))
    publish("entwurf", NOW - datetime.timedelta(days=3), status=Article.Status.DRAFT)
    publish("geplant", NOW + datetime.timedelta(days=3))

    articles, quote = rendering.appendix(make_edition(include_articles=True))

    assert [a.slug for a in articles] == ["neu-zwei", "neu-eins"]
    assert quote is None


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_first_edition_looks_back_thirty_days_and_at_most_ten_articles():
    publish("zu-alt", NOW - datetime.timedelta(days=31))
    for day in range(12):
        publish(f"artikel-{day}", NOW - datetime.timedelta(days=day, hours=1))

    articles, _ = rendering.appendix(make_edition(include_articles=True))

    assert len(articles) == 10
    assert articles[0].slug == "artikel-0"
    assert "zu-alt" not in [a.slug for a in articles]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_quote_of_the_month_is_this_months_else_the_newest_earlier_one():
    Quote.objects.create(text="Alt", author="A", month=datetime.date(2026, 9, 1))
    october = Quote.objects.create(text="Neuer", author="B", month=datetime.date(2026, 10, 1))
    Quote.objects.create(text="Zukunft", author="C", month=datetime.date(2026, 12, 1))

    _, quote = rendering.appendix(make_edition(include_quote=True))

    assert quote == october


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_switched_off_options_append_nothing():
    publish("neu", NOW - datetime.timedelta(days=1))
    Quote.objects.create(text="Zitat", author="A", month=datetime.date(2026, 11, 1))

    articles, quote = rendering.appendix(make_edition(include_articles=False, include_quote=False))

    assert (articles, quote) == ([], None)


@pytest.mark.django_db
def test_the_appendix_is_frozen_when_sending_starts(smtp_server):
    publish("vorher", timezone.now() - datetime.timedelta(days=1))
    edition = make_edition(include_articles=True)

    edition = services.edition_send(edition=edition, enqueue=False)
    publish("danach", timezone.now())

    articles, _ = rendering.appendix(edition)
    assert [a.slug for a in articles] == ["vorher"]


def test_plain_text_keeps_structure_and_shows_where_links_go():
    body = (
        "<h2>Schlaf</h2><p>Lesen Sie <a href='/artikel/schlaf/'>den Artikel</a>"
        " oder schreiben Sie an <a href='mailto:post@example.org'>post@example.org</a>.</p>"
        "<ul><li>eins</li><li>zwei<ol><li>a</li><li>b</li></ol></li></ul>"
        "<blockquote><p>Geduld.</p></blockquote><p>Zeile<br>Umbruch &amp; mehr</p>"
    )

    text = mailtext.plain_text(body, base="https://blog.example")

    assert text == (
        "Schlaf\n======\n\n"
        "Lesen Sie den Artikel (https://blog.example/artikel/schlaf/?utm_source=elternpost) "
        "oder schreiben Sie an post@example.org.\n\n"
        "- eins\n- zwei\n  1. a\n  2. b\n\n"
        "> Geduld.\n\n"
        "Zeile\nUmbruch & mehr"
    )


def test_mail_html_turns_images_into_links_and_links_absolute():
    body = '<p><a href="/artikel/x/">X</a> <img src="/media/a.jpg" alt="Ein &quot;Bild&quot;"></p>'

    html = mailtext.mail_html(body, base="https://blog.example", web_url="https://blog.example/w/")

    assert html == (
        '<p><a href="https://blog.example/artikel/x/?utm_source=elternpost">X</a> '
        '<a href="https://blog.example/w/">[Bild: Ein &quot;Bild&quot; – in der Webansicht]</a></p>'
    )


def test_hostile_markup_that_slipped_past_the_sanitizer_stays_text():
    html = mailtext.mail_html(
        "<p>1 &lt; 2 &amp; &lt;script&gt;</p>", base="https://b.example", web_url="https://w/"
    )

    assert html == "<p>1 &lt; 2 &amp; &lt;script&gt;</p>"


@pytest.mark.django_db
def test_demo_content_puts_one_edition_in_the_archive_and_leaves_a_draft(client):
    from newsletter.demo_editions import seed

    seed()
    seed()

    assert Edition.objects.filter(status=Edition.Status.SENT).count() == 1
    assert Edition.objects.filter(status=Edition.Status.DRAFT).count() == 1
    assert "Wenn die Tage kürzer werden" in client.get("/newsletter/archiv/").content.decode()


def test_links_to_our_reading_pages_carry_the_newsletters_campaign():
    base = "https://blog.example"

    assert mailtext.absolute("/artikel/x/#tipps", base) == (
        "https://blog.example/artikel/x/?utm_source=elternpost#tipps"
    )
    assert mailtext.absolute("/suche/?q=Schlaf", base) == (
        "https://blog.example/suche/?q=Schlaf&utm_source=elternpost"
    )
    for untouched in ["https://anderswo.example/", "mailto:post@example.org"]:
        assert mailtext.absolute(untouched, base) == untouched
    # Links to the reader's own subscription are hers, not a visit from the campaign.
    assert mailtext.absolute("/newsletter/abmelden/x/", base) == (
        "https://blog.example/newsletter/abmelden/x/"
    )
