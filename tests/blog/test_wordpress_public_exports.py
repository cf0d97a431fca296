"""The public WordPress test exports (WordPress/theme-test-data) beside the repository.

They live in `<repo>/../shared/fixtures/wordpress/`, not in the repository: without them
these tests skip with a note, under CI (`CI=true`) they fail. Our own exports in
tests/fixtures/wordpress/ cover the same cases for a clone alone.
"""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect

from blog.models import Article, Category
from blog.wordpress.importer import wordpress_import
from blog.wordpress.models import WordPressPost
from tests.blog.wordpress_files import public_export, run

THEME_UNIT_TEST = "themeunittestdata.wordpress.xml"
BLOCK_TEST = "64-block-test-data.xml"

pytestmark = pytest.mark.django_db


def fixture(name):
    return public_export(name)


def test_theme_unit_test_export_becomes_articles_pages_and_redirects():
    output = run(fixture(THEME_UNIT_TEST))

    assert Article.objects.count() == 58
    # 56 published + 1 scheduled, minus the password-protected one, which becomes a draft.
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 56
    assert set(
        Article.objects.filter(status=Article.Status.DRAFT).values_list("slug", flat=True)
    ) == {"draft", "template-password-protected"}
    assert FlatPage.objects.count() == 21
    assert sorted(Category.objects.values_list("name", flat=True)) == [
        "6.1",
        "Block",
        "Classic",
        "Unpublished",
    ]
    assert Redirect.objects.count() == 136
    assert WordPressPost.objects.count() == 79
    many_tags = Article.objects.get(slug="edge-case-many-tags")
    # Its 45 tags; its second category "Edge Case" is the same as its tag "edge case".
    assert many_tags.category.name == "Classic"
    assert many_tags.tags.count() == 45
    assert "Artikel                 58             0             0             0" in output
    assert "Sonstiges                0             0             0           107" in output


def test_block_test_export_imports_with_a_new_slug_for_the_clashing_one():
    output = run(fixture(BLOCK_TEST))

    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 61
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 0
    assert FlatPage.objects.get().url == "/how-to/"
    assert Category.objects.count() == 5
    assert Redirect.objects.count() == 123
    # "Footnotes" and "Classic" share the post_name "footnotes" in this export.
    assert Article.objects.get(slug="footnotes").title == "Footnotes"
    assert Article.objects.get(slug="footnotes-2").title == "Classic"
    assert "Kurzname „footnotes“ ist schon vergeben – neu: „footnotes-2“." in output


def test_imported_bodies_are_sanitized_with_captions_as_figures():
    run(fixture(THEME_UNIT_TEST))
    run(fixture(BLOCK_TEST))

    for body in Article.objects.values_list("body", flat=True):
        assert "<script" not in body
        assert "<!-- wp:" not in body and "<!--" not in body
        assert "[caption" not in body and "[gallery" not in body
    caption = Article.objects.get(slug="post-format-image-caption").body
    assert caption.startswith("<figure><a href=")
    assert "<figcaption>Bell on wharf in San Francisco</figcaption></figure>" in caption
    classic = Article.objects.get(slug="template-more-tag").body
    assert classic.startswith("<p>This content is before the")
    assert "<p></p>" not in classic
    assert "<p>A paragraph.</p>" in Article.objects.get(slug="paragraph").body
    for content in FlatPage.objects.values_list("content", flat=True):
        assert "<script" not in content and "<!--" not in content


def test_titles_and_odd_posts_of_the_theme_export_are_imported_with_warnings():
    output = run(fixture(THEME_UNIT_TEST))

    assert Article.objects.get(slug="edge-case-no-title").title == "Ohne Titel"
    assert Article.objects.get(slug="markup-title-with-markup").title == (
        "Markup: Title With Markup"
    )
    assert Article.objects.filter(slug="draft", title="Draft").exists()
    assert "Beitrag 1169: Ohne Titel – heißt jetzt „Ohne Titel“." in output
    assert "Ohne Kurznamen – er wird aus dem Titel gebildet." in output
    assert "War passwortgeschützt – als Entwurf importiert." in output
    assert "Shortcode [gallery] ist hier unbekannt und wurde entfernt." in output


def test_a_second_run_of_both_exports_reports_everything_unchanged():
    for name in (THEME_UNIT_TEST, BLOCK_TEST):
        wordpress_import(path=fixture(name))
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at", "slug"))

    theme = wordpress_import(path=fixture(THEME_UNIT_TEST))
    block = wordpress_import(path=fixture(BLOCK_TEST))

    assert theme.counts["post"] == {"created": 0, "updated": 0, "unchanged": 58, "skipped": 0}
    assert theme.counts["page"] == {"created": 0, "updated": 0, "unchanged": 21, "skipped": 0}
    assert block.counts["post"] == {"created": 0, "updated": 0, "unchanged": 61, "skipped": 0}
    assert theme.warning_total == 0 and block.warning_total == 0
    assert set(theme.extras.values()) == {0}
    assert list(Article.objects.order_by("pk").values_list("pk", "updated_at", "slug")) == before
    # The exports share one old address (https://wpthemetestdata.wordpress.com/?p=163).
    assert Redirect.objects.count() == 136 + 123 - 1


def test_old_permalinks_and_post_ids_answer_with_a_301(client):
    # Seen (and cached) as the home page before the import, a redirect right after it.
    assert client.get("/?p=1163").status_code == 200
    run(fixture(THEME_UNIT_TEST))

    by_link = client.get("/2010/08/07/post-format-image-caption/")
    by_id = client.get("/?p=1163")
    page_by_id = client.get("/?page_id=701")

    assert by_link.status_code == 301
    assert by_link["Location"] == "/artikel/post-format-image-caption/"
    assert by_id.status_code == 301
    assert by_id["Location"] == "/artikel/post-format-image-caption/"
    assert page_by_id.status_code == 301
    assert page_by_id["Location"] == "/front-page/"
    assert client.get("/?p=999999").status_code == 200  # unknown ids: the home page
    assert client.get("/?p=1163")["Location"] == "/artikel/post-format-image-caption/"
