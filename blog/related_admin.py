"""The related list on the article's admin form: what readers will see, and why."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from blog.related import related_for

RELATED_FIELDSET = (
    "Ähnliche Beiträge, wie Leser sie sehen",
    {
        "fields": ["related_preview"],
        "description": (
            "Eigene Auswahl (unten) steht immer zuerst, danach folgen berechnete Beiträge. "
            "Nach dem Speichern wird die Liste im Hintergrund neu berechnet."
        ),
    },
)


class RelatedPreviewMixin:
    """For ArticleAdmin: a read-only field listing the related articles and their reasons."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "related_preview"]

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), RELATED_FIELDSET]

    @admin.display(description="Liste")
    def related_preview(self, article):
        if article is None or article.pk is None:
            return "Wird nach dem ersten Speichern berechnet."
        items = related_for(article, with_reasons=True)
        if not items:
            return "Noch keine ähnlichen Beiträge – die Berechnung läuft nach dem Speichern."
        return format_html(
            '<ol class="related-preview">{}</ol>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> – <em>{}</em></li>',
                (
                    (
                        reverse("admin:blog_article_change", args=[item.pk]),
                        item.title,
                        "eigene Auswahl" if item.picked else item.reason,
                    )
                    for item in items
                ),
            ),
        )
