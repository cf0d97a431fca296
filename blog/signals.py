"""Keep what is derived from articles fresh when one changes, and static pages clean.

Related lists: every change queues a recompute after commit. The work runs in the task
worker, not in the author's request; the page stays correct in between because
`related_for` filters with `published()` at read time. The categories' first publication
(for the navigation) is cheap and updated at once, in the same transaction.

Tags are django-taggit's, whose slugs keep umlauts ("nächte"): every save spells them out
like article and category slugs ("naechte").

Static pages are django.contrib.flatpages, whose `content` is a plain text field that its
template prints unescaped: every save sanitizes it like an article body.
"""

from functools import partial

from django.contrib.flatpages.models import FlatPage
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from blog import search
from blog.models import Article, Category, RelatedArticle, RelatedPick
from blog.related import related_list_store_picks
from blog.slugs import german_slugify, unique_slug
from blog.tasks import related_after_change, related_recompute
from core.richtext import clean_html


def _after_commit(article_id):
    transaction.on_commit(partial(related_after_change.enqueue, article_id))


@receiver(post_save, sender=Article, dispatch_uid="related_article_saved")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load raw rows; `rebuild_related` covers them
        _after_commit(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="related_tags_changed")
def tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Article):
        _after_commit(instance.pk)


@receiver(pre_delete, sender=Article, dispatch_uid="related_article_deleted")
def article_deleted(sender, instance, **kwargs):
    # The rows pointing at it vanish with it (CASCADE), so note now whose lists showed it.
    showing = list(
        RelatedArticle.objects.filter(related=instance.pk).values_list("article", flat=True)
    )
    if showing:
        transaction.on_commit(partial(related_recompute.enqueue, sorted(set(showing))))


# Her stored list starts with her picks, so they show at once. A cascade (an article
# deleted) and queryset deletes are left out: the recompute queued for that deletion
# covers them. Bulk writes (`Article.related_articles.add()`) send no such signal: save
# picks one by one.
@receiver(post_save, sender=RelatedPick, dispatch_uid="related_pick_saved")
def pick_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        related_list_store_picks(article_id=instance.article_id)


@receiver(post_delete, sender=RelatedPick, dispatch_uid="related_pick_deleted")
def pick_deleted(sender, instance, origin=None, **kwargs):
    if origin is instance:
        related_list_store_picks(article_id=instance.article_id)


@receiver(post_delete, sender=Article, dispatch_uid="search_index_article_deleted")
def article_left_search(sender, instance, using, **kwargs):
    search.forget(using, instance.pk)


# An article's category and tags are searched too (blog.search_sql.labels): a new tag,
# a renamed category or tag brings the index of the articles concerned up to date.
@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search_index_tags_changed")
def tags_searched_anew(sender, instance, action, pk_set=None, using=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        Article.objects.using(using).filter(pk=instance.pk).update_search_vector()
    elif pk_set:
        Article.objects.using(using).filter(pk__in=pk_set).update_search_vector()


@receiver(post_save, sender=Category, dispatch_uid="search_index_category_saved")
def category_searched_anew(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        Article.objects.using(using).filter(category=instance).update_search_vector()


@receiver(post_save, sender=Tag, dispatch_uid="search_index_tag_saved")
def tag_searched_anew(sender, instance, created=False, raw=False, using=None, **kwargs):
    if not (raw or created):  # a new tag is on no article yet; adding it says so (m2m)
        Article.objects.using(using).filter(tags=instance).update_search_vector()


@receiver(post_save, sender=Article, dispatch_uid="category_first_published_saved")
@receiver(post_delete, sender=Article, dispatch_uid="category_first_published_deleted")
def category_first_published(sender, **kwargs):
    # Raw saves too: a restored revision or a fixture may publish or move an article.
    Category.objects.note_first_published()


@receiver(pre_save, sender=FlatPage, dispatch_uid="flatpage_content_sanitized")
def flatpage_content_sanitized(sender, instance, **kwargs):
    instance.content = clean_html(instance.content)


@receiver(pre_save, sender=Tag, dispatch_uid="tag_slug_transliterated")
def tag_slug_transliterated(sender, instance, raw=False, **kwargs):
    # Runs after taggit derived its slug: the slug, not the name, is spelled out, so a
    # taggit suffix ("nächte_1") survives and the author's own slug is kept otherwise.
    slug = german_slugify(instance.slug, max_length=100)
    if slug and slug != instance.slug:
        instance.slug = unique_slug(Tag.objects.exclude(pk=instance.pk), slug, max_length=100)
