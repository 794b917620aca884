"""``python -m wowdesk gesture_totals_rebuild``: recount the gestures page's running totals from the grants."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wowdesk.gestures.services import gesture_rollups_rebuild


class Command(BaseCommand):
    help = "Recompute spend by month and per-customer counts from every grant (after a bulk import, or to check)."

    def handle(self, *args: Any, **options: Any) -> None:
        counted = gesture_rollups_rebuild()
        self.stdout.write(f"Recounted {counted:,} gestures.")
