import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from blog import flatpages_admin  # noqa: F401 (the static pages' admin)
from blog.forms import ArticleAdminForm, CategoryAdminForm
from blog.hints import article_hints
from blog.models import Article, Category, RelatedPick
from blog.related_admin import RelatedPreviewMixin
from blog.wordpress import admin as wordpress_admin  # noqa: F401 (registers its page)
from stats.reports import article_views

# Replaces Django's URLify in the admin, so the prefilled slug spells ä as ae.
SLUG_JS = ["admin/js/urlify.js", "js/admin-slug.js"]


@admin.register(Category)
class CategoryAdmin(VersionAdmin):
    form = CategoryAdminForm
    list_display = ["name", "slug", "show_in_nav"]
    # Imported categories wait for the author's tick here before they enter the navigation.
    list_editable = ["show_in_nav"]
    list_filter = ["show_in_nav"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = SLUG_JS


class RelatedPickInline(admin.TabularInline):
    model = RelatedPick
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["related"]


class ArticleChangeList(ChangeList):
    """The article list with each article's views of the last 30 days, in one query."""

    def get_results(self, request):
        super().get_results(request)
        views = article_views(article.get_absolute_url() for article in self.result_list)
        for article in self.result_list:
            article.recent_views = views.get(article.get_absolute_url(), 0)


@admin.register(Article)
class ArticleAdmin(RelatedPreviewMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = ["title", "state", "published_at", "category", "site_link"]
    list_filter = ["status", "category", "tags"]
    list_select_related = ["category"]
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RelatedPickInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        ("Veröffentlichung", {"fields": ["status", "published_at", "category", "tags"]}),
        ("Titelbild", {"fields": ["cover_image", "cover_alt"]}),
        ("Anreißer und Suchmaschinen", {"fields": ["excerpt", "meta_description"]}),
        ("Anzeige", {"fields": ["sponsored", "sponsor_name"]}),
    ]

    class Media:
        js = SLUG_JS

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList if settings.STATS else super().get_changelist(request, **kwargs)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [*shown, "views_last_30_days"] if settings.STATS else shown

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Hints only: the article is saved whatever they say.
        for hint in article_hints(obj):
            messages.warning(request, f"Hinweis: {hint}")

    @admin.display(description="Aufrufe (30 Tage)")
    def views_last_30_days(self, article):
        return getattr(article, "recent_views", 0)

    @admin.display(description="Status", ordering="status")
    def state(self, article):
        if article.status == Article.Status.PUBLISHED and not article.is_public:
            return "Geplant"
        return article.get_status_display()

    @admin.display(description="Website")
    def site_link(self, article):
        label = "Ansehen" if article.is_public else "Vorschau"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), label)

    @admin.action(description="Veröffentlichen (ab sofort sichtbar)")
    def publish(self, request, queryset):
        now = timezone.now()
        # Scheduled articles go live now too; articles already online keep their date.
        waiting = queryset.exclude(status=Article.Status.PUBLISHED, published_at__lte=now)
        count = self._change_each(
            request, waiting, "Veröffentlicht.", status=Article.Status.PUBLISHED, published_at=now
        )
        self.message_user(request, f"{count} Artikel veröffentlicht.", messages.SUCCESS)

    @admin.action(description="Zurückziehen (wieder Entwurf)")
    def unpublish(self, request, queryset):
        online = queryset.filter(status=Article.Status.PUBLISHED)
        count = self._change_each(request, online, "Zurückgezogen.", status=Article.Status.DRAFT)
        self.message_user(request, f"{count} Artikel zurückgezogen.", messages.SUCCESS)

    def _change_each(self, request, queryset, comment, **values):
        # One save per article (not update()), so signals, revisions and the log see it.
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            articles = list(queryset)
            for article in articles:
                for name, value in values.items():
                    setattr(article, name, value)
                article.save()
                self.log_change(request, article, comment)
        return len(articles)
