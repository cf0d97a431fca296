"""The WordPress import: an export file in; articles, pages, redirects and users out.

One run is one transaction: it either imports everything or leaves the blog as it was.
A dry run does the same work and rolls it back, so its summary is what a real run would
do (only images from the old site are not downloaded in a dry run). Each post is
remembered (WordPressPost) with a hash of its source, so a rerun only touches what changed.

A run hands each job to one part: slugs (slugs.py), redirects (redirects.py), categories
and tags (terms.py), accounts (authors.py), images (attachments.py) and the batched
writes (writer.py); `_Run` maps a post onto an article or page with their help.
"""

import hashlib
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from blog.models import Article
from blog.wordpress import wxr
from blog.wordpress.attachments import Images
from blog.wordpress.authors import Authors
from blog.wordpress.autop import autop, needs_autop
from blog.wordpress.fetch import FetchFailed
from blog.wordpress.models import WordPressPost
from blog.wordpress.redirects import Redirects
from blog.wordpress.shortcodes import (
    convert_shortcodes,
    plain_text,
    remove_block_comments,
    unwrap_embeds,
)
from blog.wordpress.slugs import ArticleSlugs, free_page_url
from blog.wordpress.summary import Summary
from blog.wordpress.terms import Terms
from blog.wordpress.writer import Writer
from core.richtext import clean_html

# Bumped when the import itself changes, so a rerun redoes posts it would now import better.
IMPORT_VERSION = 2
BERLIN = ZoneInfo("Europe/Berlin")
UNTITLED = "Ohne Titel"
# WordPress's own bookkeeping: counted as skipped, without a warning.
WORDPRESS_TYPES = {
    "revision", "custom_css", "customize_changeset", "oembed_cache", "user_request",
    "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation",
    "wp_font_family", "wp_font_face",
}  # fmt: skip
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>|&nbsp;)*</p>\n?")


class ImportFailed(Exception):
    """The import stopped; nothing was changed. The message says why, in German."""


def wordpress_import(
    *, path, media=None, fetch_media=False, author=None, dry_run=False, progress=None
):
    """Import the WXR file at `path`; return a Summary. Raises ImportFailed.

    `media`: folder or zip with the old `wp-content/uploads`; `fetch_media`: download the
    images it lacks from the old site; `author`: a user who becomes the author of every
    post (else one inactive account per WordPress author); `progress(done, total)` is
    called after every item.
    """
    sources = [name for name, given in (("folder", media), ("old_site", fetch_media)) if given]
    summary = Summary(dry_run=dry_run, image_sources=sources)
    try:
        site = wxr.scan(path)
        images = Images(site=site, media=media, fetch=fetch_media, dry_run=dry_run, summary=summary)
    except (wxr.WXRError, FetchFailed, ValueError) as error:
        raise ImportFailed(str(error)) from error
    try:
        with transaction.atomic():
            run = _Run(site=site, images=images, author=author, summary=summary)
            for done, item in enumerate(wxr.iter_items(path), start=1):
                run.import_item(item)
                if progress:
                    progress(done, site.item_count)
            run.writer.flush()
            run.writer.after_import()
            if dry_run:
                transaction.set_rollback(True)
    except wxr.WXRError as error:
        images.delete_saved_files()
        raise ImportFailed(str(error)) from error
    except BaseException:
        images.delete_saved_files()
        raise
    finally:
        images.close()
    if dry_run:
        images.delete_saved_files()
    return summary


class _Run:
    def __init__(self, *, site, images, author, summary):
        self.site = site
        self.images = images
        self.summary = summary
        self.author = author
        self.django_site = Site.objects.get_current()
        self.writer = Writer()
        self.slugs = ArticleSlugs(summary)
        self.redirects = Redirects(
            django_site=self.django_site,
            base_url=site.base_url,
            writer=self.writer,
            summary=summary,
        )
        self.terms = Terms(site=site, summary=summary)
        self.authors = Authors(site=site, author=author, summary=summary)
        # Enough of every known post to tell "unchanged" without a query per post.
        self.known = {
            (post_id, guid): (pk, content_hash, bool(article_id or flatpage_id))
            for pk, post_id, guid, content_hash, article_id, flatpage_id in (
                WordPressPost.objects.values_list(
                    "pk", "post_id", "guid", "content_hash", "article_id", "flatpage_id"
                )
            )
        }
        self.seen = set()

    def import_item(self, item):
        kind = self._kind(item)
        if kind is None:
            return
        key = (item.post_id, item.guid[:500])
        if key in self.seen:
            self.summary.warn(item, "Kommt in der Datei doppelt vor – nur einmal importiert.")
            self.summary.skip(kind, "duplicate")
            return
        self.seen.add(key)
        paths = self.images.paths(item)
        digest = self._digest(item, paths)
        record = self._record(key, digest)
        if record is None:
            self.summary.count(kind, "unchanged")
            return
        outcome = "updated" if record.pk and (record.article or record.flatpage) else "created"
        record.author = self.authors.user(item.creator)
        body = self._body(item)
        article = self._article(item, record, body) if kind == "post" else None
        # A post whose images failed for now is not marked done, so a rerun tries again.
        record.content_hash = digest if self.images.complete(paths) else ""
        if article:
            self._save_article(item, record, article)
        else:
            self._save_flatpage(item, record, body)
        if record.pk:
            record.save()
        elif kind == "page":
            self.writer.add(record)
        self.summary.count(kind, outcome)

    def _kind(self, item):
        """The item's post type if it becomes an article or a page, else None (skipped)."""
        if item.post_type not in ("post", "page"):
            kind = item.post_type
            if kind not in ("attachment", "nav_menu_item"):
                kind = "wordpress" if kind in WORDPRESS_TYPES else "unknown"
            if kind == "unknown":
                self.summary.warn(
                    item, f"Unbekannter Inhaltstyp „{item.post_type}“ – übersprungen."
                )
            self.summary.skip("other", kind)
            return None
        if item.status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
            # trash, auto-draft, inherit: nothing a reader ever saw or the author kept.
            self.summary.skip(item.post_type, "trash")
            return None
        return item.post_type

    def _record(self, key, digest):
        """The post's WordPressPost to write, or None when it is imported and unchanged."""
        if key not in self.known:
            return WordPressPost(post_id=key[0], guid=key[1])
        pk, known_digest, has_target = self.known[key]
        if known_digest == digest and has_target:
            return None
        record = WordPressPost.objects.select_related("article", "flatpage").filter(pk=pk).first()
        return record or WordPressPost(post_id=key[0], guid=key[1])

    def _digest(self, item, paths):
        """A hash of everything the import reads for this item, including which files exist."""
        payload = [
            IMPORT_VERSION,
            item.fingerprint(),
            self.images.fingerprint(item, paths),
            self.author.pk if self.author else None,
        ]
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()

    def _title(self, item):
        title = plain_text(item.title)[:200].strip()
        if not title:
            self.summary.warn(item, f"Ohne Titel – heißt jetzt „{UNTITLED}“.", "addresses")
            title = UNTITLED
        return title

    def _body(self, item):
        text = item.content
        if needs_autop(text):
            text = autop(text)
        text = unwrap_embeds(remove_block_comments(text))
        text, removed = convert_shortcodes(text)
        for name in removed:
            self.summary.warn(
                item, f"Shortcode [{name}] ist hier unbekannt und wurde entfernt.", "content"
            )
        text = self.images.rewrite(item, text)
        # Sanitizing drops <!--more--> and the like, which leaves their paragraphs empty.
        return EMPTY_PARAGRAPH.sub("", clean_html(text))

    def _article(self, item, record, body):
        """The post's article, filled in but not saved."""
        article = record.article or Article()
        article.title = self._title(item)
        if not article.pk:
            article.slug = self.slugs.free(item, article.title)
        article.excerpt = plain_text(item.excerpt)
        article.body = body
        article.published_at = self._date(item)
        published = item.status in PUBLISHED_STATUSES and not item.password
        article.status = Article.Status.PUBLISHED if published else Article.Status.DRAFT
        if item.password:
            self.summary.warn(item, "War passwortgeschützt – als Entwurf importiert.", "content")
        article.category = self.terms.category(item)
        self.images.cover(item, record, article)
        return article

    def _save_article(self, item, record, article):
        tags = self.terms.tags_of(item)
        if article.pk or record.pk:
            article.save()
            record.article = article
            self.writer.replace_tags(article, tags)
        else:
            # New articles are written in batches (see Writer.flush); record and tags follow.
            self.writer.add_article(article, record, tags)
        self.redirects.add_for(item, article.get_absolute_url())

    def _date(self, item):
        gmt = _parse_date(item.post_date_gmt)
        if gmt:
            return gmt.replace(tzinfo=ZoneInfo("UTC"))
        local = _parse_date(item.post_date)
        if local:
            return local.replace(tzinfo=BERLIN)
        self.summary.warn(item, "Ohne Datum – bekommt den Zeitpunkt des Imports.", "content")
        return timezone.now()

    def _save_flatpage(self, item, record, body):
        page = record.flatpage or FlatPage()
        page.title = self._title(item)
        page.content = clean_html(body)
        # Flatpages know no drafts: what was not public on WordPress is for logged-in staff.
        page.registration_required = item.status != "publish" or bool(item.password)
        if not page.pk:
            page.url = free_page_url(item, self.summary)
        page.save()
        page.sites.add(self.django_site)
        record.flatpage = page
        self.redirects.add_for(item, escape_uri_path(page.url))


def _parse_date(value):
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
