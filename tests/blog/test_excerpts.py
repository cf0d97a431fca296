"""The automatic excerpt: opening paragraphs only, ending at a sentence or a word."""

import pytest

from blog.excerpts import automatic_excerpt
from blog.models import Article


def test_headings_list_items_and_later_sections_stay_out_of_the_excerpt():
    body = (
        "<p>Wer kleine Kinder hat, weiß, dass die Nacht selten so ausgeht.</p>"
        "<h2>Was uns durch die müden Wochen hilft</h2>"
        "<ul><li>Drei Dinge</li><li>Früh ins Bett</li></ul>"
        "<p>Am wichtigsten war für uns ein fester Ablauf am Abend, jeden Tag gleich, "
        "auch am Wochenende und im Urlaub bei den Großeltern.</p>"
    )

    excerpt = automatic_excerpt(body)

    # The opening ends at the first heading: a card does not run into the next section.
    assert excerpt == "Wer kleine Kinder hat, weiß, dass die Nacht selten so ausgeht."
    assert "müden Wochen" not in excerpt
    assert "Drei Dinge" not in excerpt


def test_a_body_opening_with_a_heading_takes_the_paragraphs_of_its_first_section():
    body = "<h2>Vorweg</h2><p>Erst der Anfang.</p><p>Dann mehr.</p><h2>Weiter</h2><p>Nein.</p>"

    assert automatic_excerpt(body) == "Erst der Anfang. Dann mehr."


def test_a_long_first_sentence_ends_at_a_word_with_an_ellipsis():
    sentence = "Wir haben " + "sehr viele, " * 40 + "Nächte durchgewacht."

    excerpt = automatic_excerpt(f"<p>{sentence}</p>")

    assert excerpt.endswith("viele …")
    assert len(excerpt) <= 302
    assert sentence.startswith(excerpt.removesuffix(" …"))


def test_short_opening_is_kept_whole_and_a_body_without_paragraphs_still_gives_text():
    assert automatic_excerpt("<p>Kurz.</p><h2>Danach</h2>") == "Kurz."
    assert automatic_excerpt("<ul><li>Nur eine Liste</li></ul>") == "Nur eine Liste"
    assert automatic_excerpt("") == ""


def test_inline_markup_does_not_split_or_join_words():
    body = "<p>Der <em>Mittags</em>schlaf fällt weg.<br>Dann kommt der Abend.</p>"

    assert automatic_excerpt(body) == "Der Mittagsschlaf fällt weg. Dann kommt der Abend."


@pytest.mark.django_db
def test_article_summary_uses_the_opening_paragraphs():
    article = Article.objects.create(
        title="Müde", body="<h2>Überschrift</h2><p>Erster Absatz.</p><ol><li>Punkt</li></ol>"
    )

    assert article.summary == "Erster Absatz."
