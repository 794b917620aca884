"""Full-text index objects for the search box (see wowdesk.search.schema).

SQLite gets FTS5 tables kept in sync by triggers; PostgreSQL gets GIN
expression indexes and a text search configuration. Other databases get
nothing and search finds nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from wowdesk.search.schema import install

    install(schema_editor.connection)


def backwards(apps, schema_editor):
    from wowdesk.search.schema import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("conversations", "0002_initial"),
        ("customers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
