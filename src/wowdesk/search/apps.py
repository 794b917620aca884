from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _repair_search_triggers(*, using: str = "default", **kwargs: Any) -> None:
    # A later migration that alters an indexed table drops its triggers on
    # SQLite (the table is rebuilt); put them back so the index stays in sync.
    from wowdesk.search.schema import ensure_sqlite_triggers

    ensure_sqlite_triggers(connections[using])


class SearchConfig(AppConfig):
    name = "wowdesk.search"
    label = "search"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_triggers, sender=self, dispatch_uid="wowdesk.search.repair_triggers")
