"""``python -m wowdesk happiness_rebuild_rollups``: recompute the dashboard's rollups from the grades."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from wowdesk.happiness.services import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the happiness rollups (per day × team × rep × channel) from every grade and recovery."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        teams, reps = rollups_rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Rebuilt {teams:,} team-day and {reps:,} rep-day rows in {seconds:.1f} s.")
