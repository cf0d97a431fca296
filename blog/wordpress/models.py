"""What the WordPress import remembers: each imported post, and each export uploaded in the admin.

The models belong to the blog app (label "blog", tables `blog_wordpresspost` and
`blog_wordpressimport`); blog/models.py imports this module so Django registers them.
"""

from django.conf import settings
from django.db import models

from blog.wordpress.storage import import_file_storage


class WordPressPost(models.Model):
    """A post or page of a WordPress export and what the import made of it.

    WordPress ids repeat across sites and guids repeat in real exports, so a post is known
    by both together. The hash of its source tells a rerun whether anything changed.
    """

    post_id = models.PositiveBigIntegerField("WordPress-ID")
    guid = models.CharField("GUID", max_length=500)
    article = models.OneToOneField(
        "blog.Article",
        verbose_name="Artikel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wordpress_post",
    )
    flatpage = models.OneToOneField(
        "flatpages.FlatPage",
        verbose_name="Seite",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wordpress_post",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Autor:in",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content_hash = models.CharField("Prüfsumme der Quelle", max_length=64)
    cover_source = models.CharField("Quelle des Titelbilds", max_length=500, blank=True)
    imported_at = models.DateTimeField("Zuletzt importiert", auto_now=True)

    class Meta:
        app_label = "blog"
        verbose_name = "WordPress-Beitrag"
        verbose_name_plural = "WordPress-Beiträge"
        constraints = [
            models.UniqueConstraint(fields=["post_id", "guid"], name="unique_wordpress_post"),
        ]

    def __str__(self):
        return f"WordPress {self.post_id} ({self.guid})"


class WordPressImport(models.Model):
    """An export uploaded in the admin: first checked (dry run), then imported in the background.

    The uploaded files hold e-mail addresses and drafts: they are deleted when the job ends,
    when it is deleted, and a day after the upload at the latest (blog/wordpress/services.py).
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Wird geprüft"
        CHECKED = "checked", "Geprüft – bereit zum Import"
        RUNNING = "running", "Import läuft"
        DONE = "done", "Importiert"
        FAILED = "failed", "Fehlgeschlagen"

    # A callable storage keeps the folder (a setting, per machine) out of the migrations.
    export_file = models.FileField(
        "WordPress-Export (XML)", upload_to="exports/", storage=import_file_storage
    )
    media_zip = models.FileField(
        "Bilder (ZIP von wp-content/uploads)",
        upload_to="media/",
        storage=import_file_storage,
        blank=True,
    )
    fetch_media = models.BooleanField(
        "Bilder von der alten Website laden",
        default=False,
        help_text="Holt jedes Bild, das nicht im ZIP liegt, beim Import von der Adresse des "
        "alten Blogs und speichert es hier.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Autor:in der Beiträge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leer: für jede WordPress-Autorin ein eigenes, inaktives Konto.",
    )
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    summary = models.JSONField("Zusammenfassung", default=dict, blank=True)
    error = models.TextField("Fehler", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Hochgeladen von",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("Hochgeladen", auto_now_add=True)
    finished_at = models.DateTimeField("Abgeschlossen", null=True, blank=True)

    class Meta:
        app_label = "blog"
        verbose_name = "Import aus WordPress"
        verbose_name_plural = "Aus WordPress importieren"
        ordering = ["-created_at"]

    def __str__(self):
        return f"WordPress-Import vom {self.created_at:%d.%m.%Y %H:%M}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
