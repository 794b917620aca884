"""``python -m wowdesk legend_starter_values``: a first list of values for legends on a new install."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wowdesk.legends.starter import install_starter_values


class Command(BaseCommand):
    help = "Add the starter list of values legends are tagged with (skips any already there)."

    def handle(self, *args: Any, **options: Any) -> None:
        added = install_starter_values()
        self.stdout.write(f"Added {added} value(s).")
