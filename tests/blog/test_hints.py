"""Hints after saving an article: German, never in the way of saving."""

import re

import pytest

from blog.hints import article_hints
from blog.models import Article
from tests.blog.adminforms import ADD_URL, article_form, change_url

pytestmark = pytest.mark.django_db

GOOD = {"title": "Gute Nacht ohne Tränen", "excerpt": "Wie das Einschlafen leichter wird."}


def hints_for(**fields):
    return article_hints(Article(**{"body": "<p>Kurz.</p>", **GOOD, **fields}))


def test_a_tidy_article_gets_no_hints():
    body = '<p>Text.</p><h2>Abends</h2><h3>Rituale</h3><p><img src="/a.png" alt="Ein Bett"></p>'

    assert hints_for(body=body) == []


def test_a_title_longer_than_sixty_characters():
    (hint,) = hints_for(title="W" * 61)

    assert hint.startswith("Der Titel hat 61 Zeichen. Suchmaschinen zeigen etwa 60")
    assert hints_for(title="W" * 60) == []


def test_images_without_alt_text_are_counted():
    body = '<p><img src="/a.png"><img src="/b.png" alt="  "><img src="/c.png" alt="Ein Ball"></p>'

    (hint,) = hints_for(body=body)

    assert hint.startswith("2 Bilder im Text haben keinen Alternativtext.")
    assert hints_for(body='<p><img src="/a.png"></p>')[0].startswith("Ein Bild im Text hat")


@pytest.mark.parametrize(
    ("body", "skipped"),
    [
        ("<h3>Zu tief</h3>", ("Zu tief", 3, 2)),
        ("<h2>Oben</h2><h4>Ganz unten</h4>", ("Ganz unten", 4, 3)),
        ("<h2>A</h2><h3>B</h3><h2>C</h2><h4>D</h4>", ("D", 4, 3)),
    ],
)
def test_a_skipped_heading_level(body, skipped):
    (hint,) = hints_for(body=body)

    text, level, missing = skipped
    assert hint.startswith(
        f"Die Überschrift „{text}“ ist eine Überschrift {level}, davor steht keine "
        f"Überschrift {missing}."
    )


def test_a_very_long_paragraph():
    long = " ".join(["Wort"] * 151)

    (hint,) = hints_for(body=f"<p>Kurz.</p><p>Ein <em>langer</em> {long}</p>")

    assert hint.startswith(
        "Der Absatz „Ein langer Wort Wort Wort Wort Wort Wort …“ hat 153 Wörter."
    )
    assert hints_for(body=f"<p>{' '.join(['Wort'] * 150)}</p>") == []


def test_no_excerpt_and_no_meta_description():
    (hint,) = hints_for(excerpt="", meta_description="")

    assert hint.startswith("Weder Anreißer noch Beschreibung für Suchmaschinen")
    assert hints_for(excerpt="", meta_description="Für Google.") == []


def test_a_sponsor_without_the_anzeige_tick():
    (hint,) = hints_for(sponsor_name="Radwerk")

    assert hint.startswith("Ein Auftraggeber ist eingetragen (Radwerk), aber „Anzeige")
    assert hints_for(sponsor_name="Radwerk", sponsored=True) == []


def test_an_empty_or_huge_body_is_no_problem():
    assert hints_for(body="") == []
    assert hints_for(body="   ") == []
    huge = "<p>Satz.</p>" * 20_000 + "<h4>Tief</h4>"
    assert len(hints_for(body=huge)) == 1


def test_saving_shows_the_hints_and_saves_anyway(admin_client):
    form = article_form(
        title="Ein sehr langer Titel über das Einschlafen, das Durchschlafen und das Aufwachen",
        body='<h3>Zu tief</h3><p><img src="/media/a.png"></p>',
        _continue="Sichern und weiter bearbeiten",
    )
    del form["_save"]

    response = admin_client.post(ADD_URL, form, follow=True)

    assert Article.objects.filter(slug__startswith="ein-sehr-langer-titel").exists()
    messages = [str(m) for m in response.context["messages"]]
    assert len([m for m in messages if m.startswith("Hinweis: ")]) == 4
    page = response.content.decode()
    assert re.findall(r'<li class="warning">Hinweis: ([^.]+)\.', page) == [
        "Der Titel hat 79 Zeichen",
        "Ein Bild im Text hat keinen Alternativtext",
        "Die Überschrift „Zu tief“ ist eine Überschrift 3, davor steht keine Überschrift 2",
        "Weder Anreißer noch Beschreibung für Suchmaschinen: Übersichten und Suchmaschinen "
        "nehmen dann die ersten Sätze des Textes",
    ]


def test_hints_escape_what_the_author_typed(admin_client):
    article = Article.objects.create(title="Entwurf", excerpt="Kurz.")
    form = article_form(
        title="Entwurf",
        slug=article.slug,
        excerpt="Kurz.",
        body="<h4>&lt;script&gt;alert(1)&lt;/script&gt;</h4>",
    )

    response = admin_client.post(change_url(article), form, follow=True)

    page = response.content.decode()
    assert "„&lt;script&gt;alert(1)&lt;/script&gt;“" in page
    assert "<script>alert(1)</script>" not in page


def test_a_tidy_article_is_saved_without_hints(admin_client):
    response = admin_client.post(
        ADD_URL, article_form(excerpt="Wie wir abends lesen."), follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages and not [m for m in messages if m.startswith("Hinweis")]
