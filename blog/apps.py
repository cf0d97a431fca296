from django.apps import AppConfig

from core.cache import pages_depend_on, register_scheduled_change
from stats import titles


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Artikel"

    def ready(self):
        # Models import only once the apps are loaded, hence here.
        from django.contrib.flatpages.models import FlatPage
        from django.contrib.redirects.models import Redirect
        from django.contrib.sites.models import Site
        from taggit.models import Tag, TaggedItem

        from blog import signals  # noqa: F401 (connects the related-articles receivers)
        from blog.link_models import LinkCheck
        from blog.links import links_check_weekly
        from blog.models import Article
        from blog.search import search_index_tidy
        from blog.wordpress import signals as wordpress_signals  # noqa: F401 (deletes uploads)
        from blog.wordpress.services import wordpress_import_files_cleanup
        from core import daily

        # Articles with their tags and related lists, and the static pages and redirects
        # (per site) that blog looks after. The link check's results show on no page.
        pages_depend_on(
            *(m for m in self.get_models(include_auto_created=True) if m is not LinkCheck),
            Tag,
            TaggedItem,
            FlatPage,
            FlatPage.sites.through,
            Redirect,
            Site,
        )
        register_scheduled_change(Article.objects.next_publication)
        titles.register(Article.objects.titles_by_path)
        daily.register(wordpress_import_files_cleanup)
        daily.register(links_check_weekly)
        daily.register(search_index_tidy)
