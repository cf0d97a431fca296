from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from blog import signals  # noqa: F401 (connects the related-articles receivers)
        from blog.models import Article
        from stats import titles

        titles.register(Article.objects.titles_by_path)
