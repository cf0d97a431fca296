from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.generic import DetailView, ListView, MonthArchiveView
from taggit.models import Tag

from blog import embeds, search
from blog.models import Article, Category
from blog.slugs import german_slugify


class PublishedArticlesMixin:
    """Lists of published articles: newest first, ten a page, with what a card shows."""

    paginate_by = 10
    # Query parameters that page links carry along (the search term on the search page).
    kept_params = ()

    def get_queryset(self):
        return Article.objects.published().select_related("category").defer("search_vector")

    def get_context_data(self, **kwargs):
        kept = {
            name: self.request.GET[name] for name in self.kept_params if name in self.request.GET
        }
        return super().get_context_data(page_params=urlencode(kept), **kwargs)


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "blog/article_list.html"


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "blog/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class TagView(PublishedArticlesMixin, ListView):
    template_name = "blog/tag.html"

    def get(self, request, *args, **kwargs):
        # Tag slugs once kept their umlauts (/schlagwort/nächte/); old links still arrive.
        spelled_out = german_slugify(kwargs["slug"], max_length=100)
        if spelled_out != kwargs["slug"] and Tag.objects.filter(slug=spelled_out).exists():
            url = reverse("blog:tag", kwargs={"slug": spelled_out})
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArchiveMonthView(PublishedArticlesMixin, MonthArchiveView):
    template_name = "blog/archive.html"
    date_field = "published_at"
    month_format = "%m"
    # An empty month is a page with a way out, not an error; an impossible one (13) is a 404.
    allow_empty = True

    def get_context_data(self, **kwargs):
        months = Article.objects.published().dates("published_at", "month", order="DESC")
        return super().get_context_data(months=months, **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label="Suchbegriff", max_length=200, required=False)


class SearchView(PublishedArticlesMixin, ListView):
    """Search results; anonymous visitors get them from the page cache, keyed by the
    normalized query (core/cache.py, PAGE_CACHE_SEARCH_PATHS)."""

    template_name = "blog/search.html"
    kept_params = ("q",)

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        if not self.query:
            return Article.objects.none()
        return super().get_queryset().search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            form=self.form, search_query=self.query, highlight=True, **kwargs
        )
        search.add_headlines(context["object_list"], self.query)
        if self.query and not context["object_list"]:
            context["suggestion"] = search.suggestion(
                PublishedArticlesMixin.get_queryset(self), self.query
            )
        return context


class ArticleDetailView(DetailView):
    template_name = "blog/article_detail.html"

    def get_queryset(self):
        # Who may see articles in the admin sees drafts and scheduled ones on the real page,
        # marked as a preview.
        may_preview = self.request.user.has_perm("blog.view_article")
        articles = Article.objects.all() if may_preview else Article.objects.published()
        return articles.select_related("category").defer("search_vector")

    def get_context_data(self, **kwargs):
        article = self.object
        description, frame_sources = self.facts_from_body(article)
        return super().get_context_data(
            is_preview=not article.is_public,
            canonical_url=f"{settings.SITE_URL}{article.get_absolute_url()}",
            description=description,
            tags=self.tags(article),
            frame_sources=frame_sources,
            **kwargs,
        )

    @staticmethod
    def facts_from_body(article):
        """The meta description (the excerpt, else made from the body) and the video players
        the page may frame (for its CSP): kept like a page part, so a page-cache miss parses
        no body."""

        def facts():
            description = Truncator(article.meta_description or article.summary).chars(160)
            return description, embeds.frame_sources(article.body_html)

        return article.kept("facts-from-body", facts)

    @staticmethod
    def tags(article):
        """The tags, read when the page shows them: a kept JSON-LD may need none."""
        return SimpleLazyObject(lambda: article.kept("tags", article.tag_list))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            # A preview must never land in a shared cache where visitors could get it.
            response["Cache-Control"] = "private, no-store"
        if context["frame_sources"]:
            # Only pages with a video may frame its player (django-csp reads this; the
            # page cache keeps it with the page).
            response._csp_update = {"frame-src": context["frame_sources"]}
        return response
