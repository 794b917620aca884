"""PostgreSQL: message bodies get a stored tsvector column, and their GIN index moves onto it.

Ranking used to parse every matching body again; with the vector stored it
reads the column. Adding a generated column rewrites the table, so on a big
history this migration takes a while (minutes per few million messages) and
holds a lock on the timeline meanwhile: run it in a maintenance window.
SQLite is untouched (its FTS5 tables already store what they index).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from wowdesk.search.schema import PG_ENTRY_COLUMN_SQL, PG_INDEXES

    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(PG_ENTRY_COLUMN_SQL)
        # A database made by 0001 before this change has the expression index; a new one already has this one.
        cursor.execute("DROP INDEX IF EXISTS search_entry_body_tsv")
        cursor.execute(PG_INDEXES["search_entry_body_tsv"])


def backwards(apps, schema_editor):
    from wowdesk.search.schema import KINDS_SQL, PG_ENTRY_COLUMN, pg_vector

    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_entry_body_tsv")
        cursor.execute(f"ALTER TABLE conversations_timelineentry DROP COLUMN IF EXISTS {PG_ENTRY_COLUMN}")
        cursor.execute(
            f"CREATE INDEX search_entry_body_tsv ON conversations_timelineentry USING gin ({pg_vector('body')}) "
            f"WHERE kind IN ({KINDS_SQL})"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_fulltext")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
