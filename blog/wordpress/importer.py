"""The WordPress import: an export file in; articles, pages, redirects and users out.

One run is one transaction: it either imports everything or leaves the blog as it was.
A dry run does the same work and rolls it back, so its summary is exactly what a real run
would do. Each post is remembered (WordPressPost) with a hash of its source, so a rerun
only touches what changed.
"""

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from taggit.models import Tag, TaggedItem

from blog.images import reencode_image
from blog.models import Article, Category, WordPressPost
from blog.slugs import german_slugify
from blog.tasks import related_recompute
from blog.wordpress import wxr
from blog.wordpress.autop import autop, needs_autop
from blog.wordpress.media import (
    IMAGE_SUFFIXES,
    UPLOAD_URL,
    MediaSource,
    matched_path,
    safe_path,
    upload_path,
)
from blog.wordpress.shortcodes import convert_shortcodes, plain_text, remove_block_comments
from core.cache import pages_changed
from core.richtext import clean_html

# Bumped when the import itself changes, so a rerun redoes posts it would now import better.
IMPORT_VERSION = 1
BATCH_SIZE = 500
BERLIN = ZoneInfo("Europe/Berlin")
UNTITLED = "Ohne Titel"
# WordPress's own bookkeeping and media: counted as skipped, without a warning.
SKIPPED_TYPES = {
    "attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset",
    "oembed_cache", "user_request", "wp_block", "wp_template", "wp_template_part",
    "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face",
}  # fmt: skip
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
KINDS = {"post": "Artikel", "page": "Seiten", "other": "Sonstiges"}
OUTCOMES = {
    "created": "angelegt",
    "updated": "aktualisiert",
    "unchanged": "unverändert",
    "skipped": "übersprungen",
}
FLATPAGE_URL = re.compile(r"^[-\w/.~]+$")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>|&nbsp;)*</p>\n?")
ID_QUERY = re.compile(r"(?:p|page_id)=\d+")
NO_CATEGORY = {"uncategorized", "allgemein"}
ITEM_LABELS = {"post": "Beitrag", "page": "Seite"}


@dataclass
class Summary:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS})
    extras: dict = field(
        default_factory=lambda: {"categories": 0, "users": 0, "redirects": 0, "images": 0}
    )
    warnings: list = field(default_factory=list)

    def count(self, kind, outcome):
        self.counts[kind][outcome] += 1

    def warn(self, item, message):
        label = f"{ITEM_LABELS.get(item.post_type, 'Eintrag')} {item.post_id}"
        title = plain_text(item.title)[:60]
        if title:
            label += f" („{title}“)"
        warning = f"{label}: {message}"
        if warning not in self.warnings[-20:]:
            self.warnings.append(warning)

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "counts": self.counts,
            "extras": self.extras,
            "warnings": self.warnings,
        }

    def lines(self):
        """The summary as a plain-text table, for the command line."""
        width = max(len(label) for label in OUTCOMES.values())
        header = " " * 12 + "".join(f"{label:>{width + 2}}" for label in OUTCOMES.values())
        rows = [header]
        for kind, label in KINDS.items():
            cells = "".join(f"{self.counts[kind][o]:>{width + 2}}" for o in OUTCOMES)
            rows.append(f"{label:<12}{cells}")
        rows.append("")
        rows.append(
            f"Neue Kategorien: {self.extras['categories']}, neue Konten: {self.extras['users']}, "
            f"neue Weiterleitungen: {self.extras['redirects']}, "
            f"kopierte Bilder: {self.extras['images']}"
        )
        rows.append(f"Warnungen: {len(self.warnings)}")
        rows.extend(f"  – {warning}" for warning in self.warnings)
        return rows


class ImportFailed(Exception):
    """The import stopped; nothing was changed. The message says why, in German."""


def wordpress_import(*, path, media=None, author=None, dry_run=False, progress=None):
    """Import the WXR file at `path`; return a Summary. Raises ImportFailed.

    `media`: folder or zip with the old `wp-content/uploads`; `author`: a user who becomes
    the author of every post (else one inactive account per WordPress author);
    `progress(done, total)` is called after every item.
    """
    try:
        site = wxr.scan(path)
        source = MediaSource(media) if media else None
    except (wxr.WXRError, ValueError) as error:
        raise ImportFailed(str(error)) from error
    run = _Run(site=site, media=source, author=author, summary=Summary(dry_run=dry_run))
    try:
        with transaction.atomic():
            for done, item in enumerate(wxr.iter_items(path), start=1):
                run.import_item(item)
                if progress:
                    progress(done, site.item_count)
            run.flush()
            run.queue_related()
            if dry_run:
                transaction.set_rollback(True)
    except wxr.WXRError as error:
        run.delete_saved_files()
        raise ImportFailed(str(error)) from error
    except BaseException:
        run.delete_saved_files()
        raise
    finally:
        if source:
            source.close()
    if dry_run:
        run.delete_saved_files()
    return run.summary


class _Run:
    def __init__(self, *, site, media, author, summary):
        self.site = site
        self.media = media
        self.author = author
        self.summary = summary
        self.django_site = Site.objects.get_current()
        self.base_path = urlsplit(site.base_url).path.rstrip("/") or ""
        # Enough of every known post to tell "unchanged" without a query per post.
        self.known = {
            (post_id, guid): (pk, content_hash, bool(article_id or flatpage_id))
            for pk, post_id, guid, content_hash, article_id, flatpage_id in (
                WordPressPost.objects.values_list(
                    "pk", "post_id", "guid", "content_hash", "article_id", "flatpage_id"
                )
            )
        }
        self.categories = {}
        self.article_type = ContentType.objects.get_for_model(Article)
        self.tags = None  # name (lower case) → Tag, loaded on first use
        self.redirects = None  # old path → new path, loaded on first use
        self.slugs = None  # every article slug, loaded on first use
        self.new_articles = []
        self.bulk_created = False
        # New rows collected and written in batches: one query per few hundred posts.
        self.pending = {Redirect: [], TaggedItem: [], WordPressPost: []}
        self.users = {}
        self.images = {}
        self.saved_files = []
        self.seen = set()

    # -- items ---------------------------------------------------------------------------

    def import_item(self, item):
        if item.post_type not in ("post", "page"):
            if item.post_type not in SKIPPED_TYPES:
                self.summary.warn(
                    item, f"Unbekannter Inhaltstyp „{item.post_type}“ – übersprungen."
                )
            self.summary.count("other", "skipped")
            return
        kind = item.post_type
        if item.status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
            # trash, auto-draft, inherit: nothing a reader ever saw or the author kept.
            self.summary.count(kind, "skipped")
            return
        key = (item.post_id, item.guid[:500])
        if key in self.seen:
            self.summary.warn(item, "Kommt in der Datei doppelt vor – nur einmal importiert.")
            self.summary.count(kind, "skipped")
            return
        self.seen.add(key)

        uploads = self._uploads(item)
        digest = self._digest(item, uploads)
        record = None
        if key in self.known:
            pk, known_digest, has_target = self.known[key]
            if known_digest == digest and has_target:
                self.summary.count(kind, "unchanged")
                return
            record = (
                WordPressPost.objects.select_related("article", "flatpage").filter(pk=pk).first()
            )
        if record is None:
            record = WordPressPost(post_id=item.post_id, guid=key[1])
        outcome = "updated" if record.pk and (record.article or record.flatpage) else "created"
        record.author = self._user(item.creator)
        record.content_hash = digest
        body = self._body(item, uploads)
        if kind == "post":
            self._save_article(item, record, body)
        else:
            self._save_flatpage(item, record, body)
        if record.pk:
            record.save()
        elif kind == "page":
            self._add(record)
        self.summary.count(kind, outcome)

    def _digest(self, item, uploads):
        """A hash of everything the import reads for this item, including which files exist."""
        cover = self.site.attachments.get(_int(item.meta.get("_thumbnail_id")))
        payload = [
            IMPORT_VERSION,
            item.fingerprint(),
            [cover.url, cover.file, cover.alt] if cover else None,
            sorted((path, bool(self.media and self.media.exists(path))) for path in uploads),
            self.author.pk if self.author else None,
        ]
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()

    def _uploads(self, item):
        paths = {matched_path(m) for m in UPLOAD_URL.finditer(item.content)}
        cover = self.site.attachments.get(_int(item.meta.get("_thumbnail_id")))
        if cover:
            paths.add(_cover_path(cover))
        paths.discard("")
        return paths

    # -- articles and pages --------------------------------------------------------------

    def _title(self, item):
        title = plain_text(item.title)[:200].strip()
        if not title:
            self.summary.warn(item, f"Ohne Titel – heißt jetzt „{UNTITLED}“.")
            title = UNTITLED
        return title

    def _body(self, item, uploads):
        text = item.content
        if needs_autop(text):
            text = autop(text)
        text = remove_block_comments(text)
        text, removed = convert_shortcodes(text)
        for name in removed:
            self.summary.warn(item, f"Shortcode [{name}] ist hier unbekannt und wurde entfernt.")
        if uploads:
            text = UPLOAD_URL.sub(lambda m: self._image_url(item, m), text)
        # Sanitizing drops <!--more--> and the like, which leaves their paragraphs empty.
        return EMPTY_PARAGRAPH.sub("", clean_html(text))

    def _save_article(self, item, record, body):
        article = record.article or Article()
        article.title = self._title(item)
        if not article.pk:
            article.slug = self._free_slug(item, article.title)
        article.excerpt = plain_text(item.excerpt)
        article.body = body
        article.published_at = self._date(item)
        published = item.status in PUBLISHED_STATUSES and not item.password
        article.status = Article.Status.PUBLISHED if published else Article.Status.DRAFT
        if item.password:
            self.summary.warn(item, "War passwortgeschützt – als Entwurf importiert.")
        article.category = self._category(item.categories[0]) if item.categories else None
        self._cover(item, record, article)
        # An article has one category; the post's further categories become tags, so
        # nothing the author sorted by is lost. WordPress's fallback category says nothing.
        names = item.tags + [name for slug, name in item.categories[1:] if slug not in NO_CATEGORY]
        if article.pk or record.pk:
            article.save()
            record.article = article
            self._set_tags(article, names, replace=True)
        else:
            # New articles are written in batches (see flush); record and tags follow them.
            self.new_articles.append((article, record, names))
            if len(self.new_articles) >= BATCH_SIZE:
                self.flush()
        self._redirect(item.link, article.get_absolute_url(), item)
        self._redirect(f"{self.base_path}/?p={item.post_id}", article.get_absolute_url(), item)

    def _free_slug(self, item, title):
        if self.slugs is None:
            self.slugs = set(Article.objects.values_list("slug", flat=True))
        wanted = german_slugify(unquote(item.slug), max_length=200)
        if not wanted:
            self.summary.warn(item, "Ohne Kurznamen – er wird aus dem Titel gebildet.")
        slug = wanted or german_slugify(title, max_length=200) or "beitrag"
        if slug in self.slugs:
            # Checked against the set, not the table: the newest articles wait in a batch.
            base, number = slug, 2
            while slug in self.slugs:
                suffix = f"-{number}"
                slug = base[: 200 - len(suffix)].rstrip("-_") + suffix
                number += 1
            if wanted:
                self.summary.warn(item, f"Kurzname „{wanted}“ ist schon vergeben – neu: „{slug}“.")
        self.slugs.add(slug)
        return slug

    def _date(self, item):
        gmt = _parse_date(item.post_date_gmt)
        if gmt:
            return gmt.replace(tzinfo=ZoneInfo("UTC"))
        local = _parse_date(item.post_date)
        if local:
            return local.replace(tzinfo=BERLIN)
        self.summary.warn(item, "Ohne Datum – bekommt den Zeitpunkt des Imports.")
        return timezone.now()

    def _save_flatpage(self, item, record, body):
        page = record.flatpage or FlatPage()
        page.title = self._title(item)
        page.content = clean_html(body)
        # Flatpages know no drafts: what was not public on WordPress is for logged-in staff.
        page.registration_required = item.status != "publish" or bool(item.password)
        if not page.pk:
            page.url = self._free_page_url(item)
        page.save()
        page.sites.add(self.django_site)
        record.flatpage = page
        self._redirect(item.link, escape_uri_path(page.url), item)
        self._redirect(f"{self.base_path}/?page_id={item.post_id}", escape_uri_path(page.url), item)

    def _free_page_url(self, item):
        path = re.sub(r"/+", "/", unquote(urlsplit(item.link).path))
        url = path if path.endswith("/") else f"{path}/"
        if url == "/" or len(url) > 90 or not FLATPAGE_URL.match(url):
            url = f"/{german_slugify(unquote(item.slug) or item.title, max_length=80) or 'seite'}/"
        base, number = url.rstrip("/"), 2
        while FlatPage.objects.filter(url=url).exists():
            url = f"{base}-{number}/"
            number += 1
        if url.rstrip("/") != base:
            self.summary.warn(item, f"Die Adresse {base}/ ist schon belegt – neu: {url}")
        return url

    def _set_tags(self, article, names, *, replace):
        """Tag rows written directly: taggit's manager costs a query per tag and post.

        No m2m signal is needed: saving the article (or `flush`) already took care of the
        related articles and the page cache.
        """
        tags = {}
        for name in names:
            name = name.strip()[:100]
            if name and name.lower() not in tags:
                tags[name.lower()] = self._tag(name)
        if replace:
            TaggedItem.objects.filter(content_type=self.article_type, object_id=article.pk).delete()
        self.pending[TaggedItem].extend(
            TaggedItem(content_type=self.article_type, object_id=article.pk, tag=tag)
            for tag in tags.values()
        )

    def _tag(self, name):
        if self.tags is None:
            self.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        key = name.lower()
        if key not in self.tags:
            self.tags[key] = Tag.objects.create(name=name)
        return self.tags[key]

    def _redirect(self, old_url, new_path, item):
        split = urlsplit(old_url)
        old_path = escape_uri_path(re.sub(r"/+", "/", unquote(split.path))) or "/"
        if split.query:
            if not ID_QUERY.fullmatch(split.query):
                return
            old_path = f"{old_path}?{split.query}"
        if old_path in ("/", new_path):
            return
        if len(old_path) > 200:
            self.summary.warn(item, f"Alte Adresse zu lang für eine Weiterleitung: {old_path}")
            return
        if self.redirects is None:
            self.redirects = dict(
                Redirect.objects.filter(site=self.django_site).values_list("old_path", "new_path")
            )
        known = self.redirects.get(old_path)
        if known is None:
            self._add(Redirect(site=self.django_site, old_path=old_path, new_path=new_path))
            self.summary.extras["redirects"] += 1
        elif known != new_path:
            Redirect.objects.filter(site=self.django_site, old_path=old_path).update(
                new_path=new_path
            )
        self.redirects[old_path] = new_path

    def _add(self, row):
        rows = self.pending[type(row)]
        rows.append(row)
        if len(rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        """Write the collected new rows.

        bulk_create skips Article.save() and all signals: the body field still sanitizes,
        and the search vectors, the categories' first publication, the page cache and (in
        `queue_related`) the related articles are brought up to date here.
        """
        if self.new_articles:
            articles = Article.objects.bulk_create([article for article, _, _ in self.new_articles])
            Article.objects.filter(pk__in=[a.pk for a in articles]).update_search_vector()
            Category.objects.note_first_published()
            for article, record, names in self.new_articles:
                record.article = article
                self.pending[WordPressPost].append(record)
                self._set_tags(article, names, replace=False)
            self.bulk_created = True
            self.new_articles = []
        for model, rows in self.pending.items():
            if rows:
                model.objects.bulk_create(rows)
                rows.clear()
        pages_changed()

    def queue_related(self):
        """One task recomputes the related lists once the import is committed.

        The new articles sent no signals; one recompute of every list (old lists may now
        prefer a new article) beats thousands of single updates.
        """
        if self.bulk_created:
            ids = list(Article.objects.values_list("pk", flat=True))
            transaction.on_commit(partial(related_recompute.enqueue, ids))

    # -- categories and authors ----------------------------------------------------------

    def _category(self, term):
        wp_slug, label = term
        if wp_slug in self.categories:
            return self.categories[wp_slug]
        known = self.site.categories.get(wp_slug)
        name = plain_text(known.name if known else label or wp_slug)[:100] or wp_slug
        slug = german_slugify(unquote(wp_slug) or name, max_length=100) or "kategorie"
        category = (
            Category.objects.filter(slug=slug).first() or Category.objects.filter(name=name).first()
        )
        if category is None:
            category = Category.objects.create(name=name, slug=slug)
            self.summary.extras["categories"] += 1
        self.categories[wp_slug] = category
        return category

    def _user(self, login):
        if self.author:
            return self.author
        if not login:
            return None
        if login not in self.users:
            user_model = get_user_model()
            user = user_model.objects.filter(username=login[:150]).first()
            if user is None:
                person = self.site.authors.get(login)
                user = user_model(
                    username=login[:150],
                    email=person.email if person else "",
                    first_name=(person.first_name if person else "")[:150],
                    last_name=(person.last_name if person else "")[:150],
                    is_active=False,
                )
                user.set_unusable_password()
                user.save()
                self.summary.extras["users"] += 1
            self.users[login] = user
        return self.users[login]

    # -- images --------------------------------------------------------------------------

    def _cover(self, item, record, article):
        cover = self.site.attachments.get(_int(item.meta.get("_thumbnail_id")))
        path = _cover_path(cover) if cover else ""
        if path == record.cover_source and article.cover_image:
            return
        if not path:
            return
        content = self._read(item, path)
        if content is None:
            return
        article.cover_image.save(content.name, content, save=False)
        self.saved_files.append(article.cover_image.name)
        article.cover_alt = cover.alt[:250]
        if not cover.alt:
            self.summary.warn(item, "Titelbild ohne Alternativtext – bitte ergänzen.")
        record.cover_source = path

    def _image_url(self, item, match):
        path = matched_path(match)
        if not path:
            return match.group(0)
        if not path.lower().endswith(IMAGE_SUFFIXES):
            self.summary.warn(item, f"Datei {path} ist kein Bild und bleibt auf der alten Seite.")
            return match.group(0)
        if path not in self.images:
            self.images[path] = None
            content = self._read(item, path)
            if content is not None:
                folder = path.rpartition("/")[0]
                name = (
                    f"wordpress/{folder}/{content.name}" if folder else f"wordpress/{content.name}"
                )
                if not default_storage.exists(name):
                    name = default_storage.save(name, content)
                    self.saved_files.append(name)
                    self.summary.extras["images"] += 1
                self.images[path] = default_storage.url(name)
        return self.images[path] or match.group(0)

    def _read(self, item, path):
        """The image at `path`, freshly encoded, or None with a warning."""
        if self.media is None or not self.media.exists(path):
            self.summary.warn(item, f"Bild fehlt: {path} – der Verweis bleibt auf die alte Seite.")
            return None
        try:
            return reencode_image(self.media.read(path))
        except (ValidationError, zipfile.BadZipFile, OSError) as error:
            message = " ".join(getattr(error, "messages", [str(error)]))
            self.summary.warn(item, f"Bild {path} nicht übernommen: {message}")
            return None

    def delete_saved_files(self):
        for name in self.saved_files:
            default_storage.delete(name)
        self.saved_files.clear()


def _cover_path(attachment):
    return safe_path(attachment.file) if attachment.file else upload_path(attachment.url)


def _parse_date(value):
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
