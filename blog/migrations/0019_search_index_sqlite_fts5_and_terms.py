"""Search indexes beside the model: SQLite's FTS5 table of stems (with its vocabulary),
PostgreSQL's vocabulary for "Meinten Sie …?" (trigram-indexed when the
pg_trgm extension can be created). Existing articles are indexed at once."""

from django.db import DatabaseError, migrations, transaction

from blog import search_postgres, search_sqlite

PG_SCHEMA = (
    f"CREATE TABLE {search_postgres.TERMS} (term text PRIMARY KEY)",
    f"INSERT INTO {search_postgres.TERMS} (term) SELECT DISTINCT unnest(tsvector_to_array("
    "search_vector)) FROM blog_article WHERE search_vector IS NOT NULL",
)
PG_TRIGRAMS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX blog_search_term_trigram ON {search_postgres.TERMS} "
    "USING gin (term gin_trgm_ops)",
)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in search_sqlite.SCHEMA:
            schema_editor.execute(statement)
        search_sqlite.write(apps.get_model("blog", "Article").objects.using(connection.alias))
    elif connection.vendor == "postgresql":
        for statement in PG_SCHEMA:
            schema_editor.execute(statement)
        try:
            # Without the right to create it, suggestions compare spellings in Python.
            with transaction.atomic(using=connection.alias):
                for statement in PG_TRIGRAMS:
                    schema_editor.execute(statement)
        except DatabaseError:
            pass


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in search_sqlite.UNDO:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TABLE IF EXISTS {search_postgres.TERMS}")


class Migration(migrations.Migration):
    dependencies = [("blog", "0018_tag_slugs_spelled_out")]

    operations = [migrations.RunPython(create, drop)]
