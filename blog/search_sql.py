"""SQL that both search backends write out by hand, where the ORM cost more than the query."""


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
