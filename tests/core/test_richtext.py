"""core.richtext.html_to_text: the one way stored HTML becomes plain text."""

import pytest

from core.richtext import html_to_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Erster Absatz.</p><p>Zweiter.</p>", "Erster Absatz. Zweiter."),
        ("<p>Zeile<br>neue Zeile</p>", "Zeile neue Zeile"),
        ("<ul><li>Brot</li><li>Obst</li></ul>", "Brot Obst"),
        ("<p>Das ist <strong>wichtig</strong>.</p>", "Das ist wichtig."),
        ("Mittags<em>schlaf</em> und Mark<sup>up</sup>", "Mittagsschlaf und Markup"),
        ('<a href="/artikel/x/">Link</a> im <abbr title="Text">Satz</abbr>', "Link im Satz"),
        ("Markup: Title <EM>With</EM> <b>Mark<sup>up</sup></b>", "Markup: Title With Markup"),
        ("<article>Ein</article><address>Zwei</address>", "Ein Zwei"),
        ("Kinder&nbsp;schlafen &amp; träumen &lt;leise&gt;", "Kinder schlafen & träumen <leise>"),
        ("  <p>\n  viel\n\n Raum  </p> ", "viel Raum"),
        ("", ""),
        (None, ""),
    ],
)
def test_html_becomes_one_line_of_words(markup, text):
    assert html_to_text(markup) == text
