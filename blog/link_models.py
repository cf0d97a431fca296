"""What the link check found, per article or static page and link (see blog/links.py)."""

from django.db import models


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        """Links a reader would find dead, the author has not set aside: for her desk."""
        return self.filter(ignored=False, status__in=LinkCheck.BROKEN_STATUSES)


class LinkCheck(models.Model):
    class Status(models.TextChoices):
        OK = "ok", "in Ordnung"
        MOVED = "moved", "verschoben"
        BROKEN = "broken", "defekt"
        UNREACHABLE = "unreachable", "nicht erreichbar"
        REFUSED = "refused", "nicht geprüft (interne Adresse)"

    BROKEN_STATUSES = (Status.BROKEN, Status.UNREACHABLE, Status.REFUSED)

    article = models.ForeignKey(
        "blog.Article",
        verbose_name="Artikel",
        on_delete=models.CASCADE,
        related_name="link_checks",
        null=True,
        blank=True,
    )
    flatpage = models.ForeignKey(
        "flatpages.FlatPage",
        verbose_name="Seite",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    url = models.CharField("Link", max_length=2000)
    status = models.CharField("Ergebnis", max_length=12, choices=Status.choices)
    http_status = models.PositiveSmallIntegerField("HTTP-Code", null=True, blank=True)
    new_url = models.CharField(
        "Neue Adresse",
        max_length=2000,
        blank=True,
        help_text="Wohin ein verschobener Link jetzt führt: am besten im Text ersetzen.",
    )
    note = models.CharField("Hinweis", max_length=300, blank=True)
    checked_at = models.DateTimeField("Zuletzt geprüft", db_index=True)
    ignored = models.BooleanField(
        "Ignoriert",
        default=False,
        help_text="Ein ignorierter Link zählt nicht mehr zu den defekten.",
    )

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "Geprüfter Link"
        verbose_name_plural = "Geprüfte Links"
        ordering = ["status", "url"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__isnull=False, flatpage__isnull=True)
                | models.Q(article__isnull=True, flatpage__isnull=False),
                name="blog_linkcheck_one_source",
            ),
            models.UniqueConstraint(
                fields=["article", "url"],
                condition=models.Q(article__isnull=False),
                name="blog_linkcheck_article_url",
            ),
            models.UniqueConstraint(
                fields=["flatpage", "url"],
                condition=models.Q(flatpage__isnull=False),
                name="blog_linkcheck_flatpage_url",
            ),
        ]

    def __str__(self):
        return self.url

    @property
    def source(self):
        return self.article or self.flatpage
