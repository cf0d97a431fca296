"""SQL that both search backends write out by hand, where the ORM cost more than the query
or has no words for it."""

from django.db import models
from django.db.models.expressions import RawSQL


def rows_held(queryset):
    """(SQL, parameters) of a condition on the article table: the rows `queryset` holds.
    Its own WHERE clause when it reads that table alone (`published()`), else a subquery."""
    query = queryset.query
    if not query.where:
        return "TRUE", []
    if len(query.alias_map) > 1:
        inner, params = queryset.order_by().values("pk").query.sql_with_params()
        return f"id IN ({inner})", list(params)
    return query.get_compiler(queryset.db).compile(query.where)


def labels(vendor):
    """An article row's category and tag names as one text, searched like its excerpt: a
    parent who types a topic ("Trotz") finds what the author filed under it."""
    joined = "string_agg" if vendor == "postgresql" else "group_concat"
    return RawSQL(
        "coalesce((SELECT name FROM blog_category "
        "WHERE blog_category.id = blog_article.category_id), '') || ' ' || "
        f"coalesce((SELECT {joined}(taggit_tag.name, ' ') FROM taggit_taggeditem "
        "JOIN taggit_tag ON taggit_tag.id = taggit_taggeditem.tag_id JOIN django_content_type "
        "ON django_content_type.id = taggit_taggeditem.content_type_id "
        "WHERE django_content_type.app_label = 'blog' AND django_content_type.model = 'article' "
        "AND taggit_taggeditem.object_id = blog_article.id), '')",
        [],
        output_field=models.TextField(),
    )
