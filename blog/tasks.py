"""Background work for related articles (django-tasks; run by `manage.py db_worker`)."""

from django_tasks import task

from blog.related import related_lists_recompute, related_lists_update_for


@task()
def related_after_change(article_id):
    """An article was saved, published, unpublished or had its tags changed."""
    return related_lists_update_for(article_id=article_id)


@task()
def related_recompute(article_ids):
    """Recompute the given lists, e.g. those that showed an article deleted since."""
    return related_lists_recompute(article_ids=article_ids)
