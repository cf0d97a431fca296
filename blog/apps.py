from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from blog import signals  # noqa: F401 (connects the related-articles receivers)
        from blog.wordpress import signals as wordpress_signals  # noqa: F401 (deletes uploads)
