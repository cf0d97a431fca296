"""The link check's results in the admin: per article or page, per link, with "ignorieren"."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from blog.link_models import LinkCheck


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = [
        "link",
        "source_link",
        "status",
        "http_status",
        "new_url",
        "checked_at",
        "ignored",
    ]
    list_display_links = None
    list_filter = ["status", "ignored", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["url", "new_url", "article__title", "flatpage__title"]
    list_select_related = ["article", "flatpage"]
    actions = ["ignore", "unignore"]
    readonly_fields = [
        "article",
        "flatpage",
        "url",
        "status",
        "http_status",
        "new_url",
        "note",
        "checked_at",
    ]

    def has_add_permission(self, request):
        return False  # rows come from the check only

    @admin.display(description="Link", ordering="url")
    def link(self, check):
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a><br><small>{}</small>',
            check.url,
            check.url,
            check.note,
        )

    @admin.display(description="In")
    def source_link(self, check):
        if check.article_id:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:blog_article_change", args=[check.article_id]),
                check.article.title,
            )
        return check.flatpage.title if check.flatpage_id else "–"

    @admin.action(description="Ausgewählte Links ignorieren", permissions=["change"])
    def ignore(self, request, queryset):
        count = queryset.update(ignored=True)
        self.message_user(request, f"{count} Links werden ignoriert.", messages.SUCCESS)

    @admin.action(description="Ausgewählte Links wieder melden", permissions=["change"])
    def unignore(self, request, queryset):
        count = queryset.update(ignored=False)
        self.message_user(request, f"{count} Links werden wieder gemeldet.", messages.SUCCESS)
