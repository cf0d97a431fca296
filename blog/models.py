import math

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import Tag

from blog import body, images, search
from blog.excerpts import automatic_excerpt
from blog.link_models import LinkCheck  # noqa: F401 (registers it)
from blog.slugs import unique_slug
from blog.wordpress.models import WordPressImport, WordPressPost  # noqa: F401 (registers them)
from core.cache import for_generation
from core.richtext import RichTextField, html_to_text

# German adults read about 200 words a minute on screen.
WORDS_PER_MINUTE = 200


class CategoryQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Categories a visitor finds articles in and the author shows: the site's navigation."""
        return self.filter(first_published_at__lte=timezone.now(), show_in_nav=True)

    def note_first_published(self):
        """Store when each category's first published article appears (None: it has none).

        The navigation on every page then reads one small table instead of asking the
        articles per category; a scheduled first article still counts from its minute on.
        Every saved or deleted article calls this (signals.py); bulk writes call it
        themselves (see ArticleQuerySet).
        """
        first = (
            Article.objects.filter(category=OuterRef("pk"), status=Article.Status.PUBLISHED)
            .order_by("published_at")
            .values("published_at")[:1]
        )
        return self.update(first_published_at=Subquery(first))


class Category(models.Model):
    name = models.CharField("Name", max_length=100, unique=True)
    slug = models.SlugField("Kurzname (URL)", max_length=100, unique=True)
    description = models.TextField("Beschreibung", blank=True)
    show_in_nav = models.BooleanField(
        "in der Navigation zeigen",
        default=True,
        help_text="Aus WordPress importierte Kategorien erscheinen erst in der Navigation, "
        "wenn Sie das hier einschalten.",
    )
    first_published_at = models.DateTimeField("Erster Artikel erscheint", null=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "Kategorie"
        verbose_name_plural = "Kategorien"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category.objects.exclude(pk=self.pk), self.name, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    """Articles, and the one door for public reads (`published()`).

    Bulk writes (`update()`, `bulk_create()`, `bulk_update()`) sanitize the body like
    `save()` does (RichTextField) but skip `save()` and its signals. Before one that writes
    bodies, the writer calls `note_body_images()` on each article; after one, it brings up to
    date what is derived from articles: `update_search_vector()` on the rows written,
    `Category.objects.note_first_published()` when status, publication time or category
    changed, and `core.cache.pages_changed()`; `rebuild_related` (or the `related_recompute`
    task) for the related lists.
    """

    def published(self):
        """The one door for every public read: published, and its time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publication(self, now):
        """When the next scheduled article appears (after `now`), None when none is."""
        return (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def search(self, text):
        return search.search(self, text)

    def titles_by_path(self, paths):
        """{path: title} of the article pages among `paths` (for the reading statistics)."""
        slugs = {}
        for path in paths:
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.view_name == "blog:article":
                slugs[match.kwargs["slug"]] = path
        found = self.filter(slug__in=list(slugs)).values_list("slug", "title")
        return {slugs[slug]: title for slug, title in found}

    def update_search_vector(self):
        """Bring the search index of these rows up to date (after bulk writes): the stored
        vector on PostgreSQL, the FTS5 table on SQLite (blog/search.py)."""
        return search.write_index(self)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Entwurf"
        PUBLISHED = "published", "Veröffentlicht"

    title = models.CharField("Titel", max_length=200)
    slug = models.SlugField(
        "Kurzname (URL)",
        max_length=200,
        unique=True,
        help_text="Teil der Adresse: /artikel/<kurzname>/. Wird aus dem Titel vorgeschlagen.",
    )
    excerpt = models.TextField(
        "Anreißer",
        blank=True,
        help_text="Zwei, drei Sätze für Übersichten. Leer: die ersten Sätze des Textes.",
    )
    body = RichTextField("Text", blank=True)
    show_toc = models.BooleanField(
        "Inhaltsverzeichnis zeigen",
        default=True,
        help_text="Ab drei Zwischenüberschriften steht nach dem ersten Absatz ein "
        "Inhaltsverzeichnis.",
    )
    # Size and renditions of the body's images, by storage name (blog.body.image_facts).
    body_images = models.JSONField("Bilder im Text", default=dict, blank=True, editable=False)
    cover_image = models.ImageField(
        "Titelbild",
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField("Bildbreite", null=True, editable=False)
    cover_height = models.PositiveIntegerField("Bildhöhe", null=True, editable=False)
    cover_480 = images.cover_rendition(480)
    cover_800 = images.cover_rendition(800)
    cover_1200 = images.cover_rendition(1200)
    cover_alt = models.CharField(
        "Alternativtext des Titelbilds",
        max_length=250,
        blank=True,
        help_text="Beschreibt das Bild für Menschen, die es nicht sehen. Pflicht mit Bild.",
    )
    category = models.ForeignKey(
        Category,
        verbose_name="Kategorie",
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    tags = TaggableManager("Schlagwörter", blank=True)
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "Veröffentlichung",
        default=timezone.now,
        db_index=True,
        help_text="Liegt der Zeitpunkt in der Zukunft, erscheint der Artikel genau dann.",
    )
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)
    updated_at = models.DateTimeField("Geändert", auto_now=True)
    meta_description = models.CharField(
        "Beschreibung für Suchmaschinen",
        max_length=300,
        blank=True,
        help_text="Leer: der Anreißer.",
    )
    sponsored = models.BooleanField(
        "Anzeige (bezahlter Inhalt)",
        default=False,
        help_text="Für bezahlte Beiträge: „Anzeige“ steht über dem Titel, in Listen, im Feed "
        'und im Newsletter; Links zu anderen Websites bekommen rel="sponsored".',
    )
    sponsor_name = models.CharField(
        "Auftraggeber",
        max_length=100,
        blank=True,
        help_text="Optional: erscheint als „Anzeige · in Zusammenarbeit mit …“.",
    )
    related_articles = models.ManyToManyField(
        "self",
        verbose_name="Ähnliche Beiträge (eigene Auswahl)",
        symmetrical=False,
        through="RelatedPick",
        through_fields=("article", "related"),
        blank=True,
    )

    # Filled from title, excerpt and body on PostgreSQL; SQLite has its FTS5 table instead.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "Artikel"
        verbose_name_plural = "Artikel"
        ordering = ["-published_at", "-id"]
        indexes = [
            # No index leads with status: two values narrow nothing, yet without statistics
            # SQLite takes `status = 'published'` for a selective start and walks every
            # published article (related lists). Status rides along here so that counting
            # the published articles (paging) reads this index alone.
            models.Index(fields=["published_at", "status"], name="blog_article_pub_status_idx"),
            # A category's first published article in one seek: every article save asks
            # it for each category (Category.first_published_at), the category page too.
            models.Index(
                fields=["category", "status", "published_at"], name="blog_article_cat_pub_idx"
            ),
            search.SearchVectorIndex(fields=["search_vector"], name="blog_article_search_gin"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.note_body_images()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_images"}
        if not self.slug:
            self.slug = unique_slug(Article.objects.exclude(pk=self.pk), self.title, max_length=200)
        super().save(*args, **kwargs)
        type(self).objects.using(self._state.db).filter(pk=self.pk).update_search_vector()

    def get_absolute_url(self):
        return reverse("blog:article", kwargs={"slug": self.slug})

    def clean(self):
        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError(
                {
                    "cover_alt": "Bitte beschreiben Sie das Titelbild in einem Alternativtext. "
                    "Er ist Pflicht, sobald ein Titelbild gesetzt ist."
                }
            )

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def kept(self, name, compute):
        """`compute()`, kept like a page part (core.cache.for_generation) while the article
        is public; a preview's is made anew each time, so no draft waits in the cache."""
        if not self.is_public:
            return compute()
        return for_generation(f"{name}:{self.pk}", compute)

    def note_body_images(self):
        """Store the size and renditions of the body's images, so pages open no file.

        `save()` calls this; bulk writers call it on each article before they write. Any
        image the sanitizer later drops only leaves an unused entry behind.
        """
        self.body_images = body.image_facts(self.body, self.body_images)

    @cached_property
    def cover_renditions(self):
        """WebP renditions of the cover for `srcset` (see templates/includes/picture.html)."""
        return images.cover_renditions(self)

    def tag_list(self):
        """The tags, read once for the page's list and its JSON-LD. A plain query: taggit's
        manager adds a DISTINCT and a join on content types, twice the cost per page."""
        return list(
            Tag.objects.filter(
                taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(self),
                taggit_taggeditem_items__object_id=self.pk,
            )
        )

    @cached_property
    def cover_thumbnail(self):
        """The cover's narrowest WebP rendition, for small cards (related articles)."""
        return images.cover_thumbnail(self)

    @cached_property
    def body_html(self):
        """The body as the page shows it: see blog/body.py."""
        return body.render(self)

    @cached_property
    def plain_text(self):
        """The body as plain text, for word counts and the summary (the body is sanitized HTML)."""
        return html_to_text(self.body)

    @property
    def summary(self):
        """The excerpt, else the first sentences of the body's opening paragraphs."""
        return self.excerpt or automatic_excerpt(self.body)

    @property
    def reading_minutes(self):
        return max(1, math.ceil(len(self.plain_text.split()) / WORDS_PER_MINUTE))


class RelatedPick(models.Model):
    """An article the author picked as related, in her order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="picks")
    related = models.ForeignKey(
        Article, verbose_name="Artikel", on_delete=models.CASCADE, related_name="picked_by"
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)

    class Meta:
        verbose_name = "eigene Auswahl"
        verbose_name_plural = "Ähnliche Beiträge (eigene Auswahl)"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_pick"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")), name="related_pick_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.related}"


class RelatedArticle(models.Model):
    """One entry of an article's stored related list: the author's picks first, in her
    order, then the computed ones. Written by blog.related, never by hand."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_list")
    related = models.ForeignKey(
        Article, verbose_name="Artikel", on_delete=models.CASCADE, related_name="listed_in"
    )
    rank = models.PositiveSmallIntegerField("Rang")
    score = models.FloatField("Punktzahl")
    reason = models.CharField("Begründung", max_length=255, blank=True)
    picked = models.BooleanField("eigene Auswahl", default=False)

    class Meta:
        verbose_name = "Eintrag der ähnlichen Beiträge"
        verbose_name_plural = "Einträge der ähnlichen Beiträge"
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_article"),
            models.UniqueConstraint(fields=["article", "rank"], name="unique_related_rank"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")), name="related_article_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.related} ({self.rank})"
