"""WordPress export files for the import tests: the written-out fixtures and small builders.

The fixtures in tests/fixtures/wordpress/ are our own exports of a made-up German family
blog, written the way WordPress writes them. The public theme test exports in
`<repo>/../shared/fixtures/wordpress/` are used when they are there: without them those
tests skip with a note, and under CI (`CI=true`) they fail instead.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "wordpress"
PUBLIC_EXPORTS = ROOT.parent / "shared" / "fixtures" / "wordpress"
OLD_SITE = "https://alt.example"


def run(*args):
    """`manage.py import_wordpress` with these arguments; returns what it printed."""
    out = io.StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, verbosity=0)
    return out.getvalue()


def fixture(name):
    return FIXTURES / name


def public_export(name):
    """A public WordPress test export beside the repository; skips (fails under CI) without it."""
    path = PUBLIC_EXPORTS / name
    if not path.is_file():
        note = (
            f"Die öffentlichen WordPress-Exporte fehlen ({path}); "
            "sie liegen in shared/ neben dem Repository."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{note} Unter CI wird nichts übersprungen.")
        pytest.skip(note)
    return path


def wxr_head(namespace="http://wordpress.org/export/1.2/", version="1.2", site=OLD_SITE):
    excerpt = namespace.rstrip("/") + "/excerpt/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="{excerpt}" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{namespace}">
<channel>
  <title>Altes Elternblog</title>
  <link>{site}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:base_blog_url>{site}</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[mama]]></wp:author_login>
    <wp:author_email><![CDATA[mama@alt.example]]></wp:author_email>
    <wp:author_display_name><![CDATA[Mama Bär]]></wp:author_display_name>
    <wp:author_first_name><![CDATA[Anna]]></wp:author_first_name>
    <wp:author_last_name><![CDATA[Bär]]></wp:author_last_name></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>schlaf</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Schlaf]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>nachts</wp:category_nicename>
    <wp:category_parent>schlaf</wp:category_parent><wp:cat_name><![CDATA[Nachts]]></wp:cat_name></wp:category>
"""


WXR_HEAD = wxr_head()
WXR_TAIL = "\n</channel>\n</rss>\n"


def item(
    post_id,
    *,
    title="Schlafen lernen",
    slug=None,
    content="Erster Absatz.\n\nZweiter Absatz.",
    post_type="post",
    status="publish",
    guid=None,
    link=None,
    date="2024-05-02 09:30:00",
    date_gmt="2024-05-02 07:30:00",
    password="",
    categories=(),
    tags=(),
    meta=None,
    creator="mama",
    extra="",
):
    """One <item> as WordPress writes it; `extra` is raw XML added inside it."""
    slug = f"beitrag-{post_id}" if slug is None else slug
    guid = guid or f"{OLD_SITE}/?p={post_id}"
    link = link or f"{OLD_SITE}/2024/05/{slug or post_id}/"
    terms = "".join(
        f'<category domain="category" nicename="{s}"><![CDATA[{n}]]></category>'
        for s, n in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{t.lower()}"><![CDATA[{t}]]></category>'
        for t in tags
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{v}]]></wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return f"""
    <item>
      <title>{title}</title>
      <link>{link}</link>
      <dc:creator><![CDATA[{creator}]]></dc:creator>
      <guid isPermaLink="false">{guid}</guid>
      <content:encoded><![CDATA[{content}]]></content:encoded>
      <excerpt:encoded><![CDATA[]]></excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date><![CDATA[{date}]]></wp:post_date>
      <wp:post_date_gmt><![CDATA[{date_gmt}]]></wp:post_date_gmt>
      <wp:post_name><![CDATA[{slug}]]></wp:post_name>
      <wp:status><![CDATA[{status}]]></wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
      <wp:post_password><![CDATA[{password}]]></wp:post_password>
      {terms}{postmeta}{extra}
    </item>"""


def attachment(post_id, url, alt="", file=""):
    attached = (
        f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{file}]]></wp:meta_value></wp:postmeta>"
        if file
        else ""
    )
    return f"""
    <item>
      <title>Bild</title>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_type>attachment</wp:post_type>
      <wp:status>inherit</wp:status>
      <wp:attachment_url>{url}</wp:attachment_url>
      <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
        <wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>{attached}
    </item>"""


def export(tmp_path, *items, site=OLD_SITE, **head):
    """Write a small WXR file the way WordPress does and return its path."""
    text = wxr_head(site=site, **head) + "".join(items) + WXR_TAIL
    path = tmp_path / f"export-{abs(hash(text))}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def jpeg_bytes(color="red", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()
