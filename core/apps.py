from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache import pages_changed

# Models whose rows appear on public pages: any change to them starts a new page-cache
# generation. App labels stand for all their models; Subscriber and Delivery rows of the
# newsletter change with every signup and show on no cached page.
PAGE_CONTENT_MODELS = (
    "blog",
    "quotes",
    "flatpages",
    "taggit",
    "redirects",
    "sites",
    "newsletter.edition",
    "newsletter.signupbox",
)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Website"

    def ready(self):
        post_save.connect(_content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(_content_changed, dispatch_uid="pagecache-delete")
        m2m_changed.connect(_content_changed, dispatch_uid="pagecache-m2m")

        from core import daily
        from core.auth import login_records_forget_old

        daily.register(login_records_forget_old)


def _content_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_") and _is_page_content(sender):
        pages_changed()


def _is_page_content(model):
    meta = model._meta
    return meta.app_label in PAGE_CONTENT_MODELS or meta.label_lower in PAGE_CONTENT_MODELS
