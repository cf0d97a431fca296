"""Batched writes of an import: new articles and rows go to the database a few hundred at a time."""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.db import transaction
from taggit.models import TaggedItem

from blog.models import Article, Category
from blog.search import search_index_tidy
from blog.tasks import related_recompute
from blog.wordpress.models import WordPressPost
from core.cache import pages_changed

BATCH_SIZE = 500


class Writer:
    def __init__(self):
        self.article_type = ContentType.objects.get_for_model(Article)
        self.new_articles = []  # (article, its WordPressPost, its tags)
        self.rows = {Redirect: [], TaggedItem: [], WordPressPost: []}
        # Articles whose tags were written since the last flush: searched by them too.
        self.tagged = set()
        self.bulk_created = False

    def add_article(self, article, record, tags):
        """A new article, written with its record and tags at the next flush."""
        self.new_articles.append((article, record, tags))
        if len(self.new_articles) >= BATCH_SIZE:
            self.flush()

    def add(self, row):
        rows = self.rows[type(row)]
        rows.append(row)
        if len(rows) >= BATCH_SIZE:
            self.flush()

    def replace_tags(self, article, tags):
        """Tag rows written directly: taggit's manager costs a query per tag and post.

        No m2m signal is needed: saving the article (or `flush`) already took care of the
        related articles and the page cache.
        """
        TaggedItem.objects.filter(content_type=self.article_type, object_id=article.pk).delete()
        for row in self._tag_rows(article, tags):
            self.add(row)
        self.tagged.add(article.pk)

    def _tag_rows(self, article, tags):
        return [
            TaggedItem(content_type=self.article_type, object_id=article.pk, tag=tag)
            for tag in tags
        ]

    def flush(self):
        """Write the collected new rows.

        bulk_create skips Article.save() and all signals: the body field still sanitizes,
        and the search vectors, the categories' first publication, the page cache and (in
        `after_import`) the related articles and the search index are brought up to date here.
        """
        if self.new_articles:
            batch, self.new_articles = self.new_articles, []
            for article, _, _ in batch:
                article.note_body_images()
            articles = Article.objects.bulk_create([article for article, _, _ in batch])
            self.tagged.update(article.pk for article in articles)
            Category.objects.note_first_published()
            for article, record, tags in batch:
                record.article = article
                self.rows[WordPressPost].append(record)
                self.rows[TaggedItem].extend(self._tag_rows(article, tags))
            self.bulk_created = True
        for model, rows in self.rows.items():
            if rows:
                model.objects.bulk_create(rows)
                rows.clear()
        if self.tagged:
            # After the tag rows: an article's tags are searched too.
            Article.objects.filter(pk__in=sorted(self.tagged)).update_search_vector()
            self.tagged.clear()
        pages_changed()

    def after_import(self):
        """Once the import is committed, one task recomputes the related lists and the
        search index is merged into one piece.

        The new articles sent no signals; one recompute of every list (old lists may now
        prefer a new article) beats thousands of single updates.
        """
        if self.bulk_created:
            ids = list(Article.objects.values_list("pk", flat=True))
            transaction.on_commit(partial(related_recompute.enqueue, ids))
            # Thousands of new rows came in batches, each a segment of SQLite's index.
            transaction.on_commit(search_index_tidy)
