from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from blog.models import Article, Category


class PublishedArticlesMixin:
    paginate_by = 10

    def get_queryset(self):
        return Article.objects.published().select_related("category")


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "blog/article_list.html"


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "blog/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "blog/article_detail.html"

    def get_queryset(self):
        return Article.objects.published().select_related("category")
