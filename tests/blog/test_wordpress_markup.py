"""WordPress markup rules: autop paragraphs, shortcodes, block comments, upload addresses."""

import pytest

from blog.wordpress.autop import autop, needs_autop
from blog.wordpress.media import upload_path
from blog.wordpress.shortcodes import convert_shortcodes, plain_text, remove_block_comments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hallo\nWelt", "<p>Hallo<br />\nWelt</p>\n"),
        ("Eins\n\nZwei\n\n\n\nDrei", "<p>Eins</p>\n<p>Zwei</p>\n<p>Drei</p>\n"),
        ("Eins\r\n\r\nZwei", "<p>Eins</p>\n<p>Zwei</p>\n"),
        ("Eins<br><br>Zwei", "<p>Eins</p>\n<p>Zwei</p>\n"),
        ("<pre>a\n\nb</pre>\n\nText", "<pre>a\n\nb</pre>\n<p>Text</p>\n"),
        ("<div>Block</div>\nText", "<div>Block</div>\n<p>Text</p>\n"),
        ("<blockquote>Zitat\n\nZwei</blockquote>",
         "<blockquote><p>Zitat</p>\n<p>Zwei</p></blockquote>\n"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        ('Text <a\nhref="x">Link</a>', '<p>Text <a\nhref="x">Link</a></p>\n'),
        ("<h2>Titel</h2>\nText", "<h2>Titel</h2>\n<p>Text</p>\n"),
        (" \n\t ", ""),
    ],
    ids=[
        "line-break", "paragraphs", "windows-newlines", "double-br", "pre-untouched",
        "block-not-wrapped", "blockquote", "list", "newline-inside-tag", "heading", "blank",
    ],
)  # fmt: skip
def test_autop_builds_paragraphs_as_wordpress_does(text, expected):
    assert autop(text) == expected


def test_block_editor_content_is_left_to_its_own_paragraphs():
    assert not needs_autop("<!-- wp:paragraph -->\n<p>Absatz</p>\n<!-- /wp:paragraph -->")
    assert needs_autop("Ein klassischer Beitrag\n\nmit zwei Absätzen")


def test_block_comments_are_removed_with_their_attributes():
    text = '<!-- wp:image {"id":5,"sizeSlug":"large"} --><figure>B</figure><!-- /wp:image -->'

    assert remove_block_comments(text) == "<figure>B</figure>"


def test_a_caption_with_its_text_in_the_attribute_becomes_a_figure():
    text, removed = convert_shortcodes(
        '<p>[caption id="x" caption="Am Meer" width="300"]<img src="a.jpg" alt="">[/caption]</p>'
    )

    assert text == '<figure><img src="a.jpg" alt=""><figcaption>Am Meer</figcaption></figure>'
    assert removed == []


def test_a_linked_caption_image_stays_linked():
    text, _ = convert_shortcodes(
        '[caption width="300"]<a href="b.jpg"><img src="a.jpg" alt="Boot"></a> Ein Boot[/caption]'
    )

    assert text == (
        '<figure><a href="b.jpg"><img src="a.jpg" alt="Boot"></a>'
        "<figcaption>Ein Boot</figcaption></figure>"
    )


def test_unknown_shortcodes_lose_their_tags_but_keep_their_text():
    text, removed = convert_shortcodes(
        '<p>[su_note color="#fff"]Wichtig[/su_note] [contact-form-7 id="1" /]</p>'
    )

    assert text == "<p>Wichtig </p>"
    assert removed == ["su_note", "contact-form-7"]


def test_bracketed_words_in_german_text_are_not_shortcodes():
    text, removed = convert_shortcodes("<p>[Werbung] Der Kinderwagen [1] [[gallery]]</p>")

    assert text == "<p>[Werbung] Der Kinderwagen [1] [gallery]</p>"
    assert removed == []


def test_titles_become_plain_text():
    assert plain_text("Media &amp; <em>Text</em> ") == "Media & Text"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://alt.example/wp-content/uploads/2024/05/bild.jpg", "2024/05/bild.jpg"),
        ("/wp-content/uploads/2024/05/b%C3%A4r.jpg", "2024/05/bär.jpg"),
        ("https://alt.example/blog/wp-content/uploads/2024/05/a.png?w=300", "2024/05/a.png"),
        ("https://altesblog.files.wordpress.com/2013/03/bild.jpg?w=604", "2013/03/bild.jpg"),
        ("https://alt.example/wp-content/uploads/../../etc/passwd", ""),
        ("https://alt.example/bilder/bild.jpg", ""),
    ],
)
def test_upload_addresses_map_to_paths_inside_the_uploads_folder(url, path):
    assert upload_path(url) == path
