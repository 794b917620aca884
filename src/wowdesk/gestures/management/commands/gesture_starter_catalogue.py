"""``python -m wowdesk gesture_starter_catalogue``: add the starter gestures and suggestion rules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wowdesk.gestures.starter import install_starter_catalogue


class Command(BaseCommand):
    help = (
        "Add the starter Wow gesture catalogue (coupons, refunds, flowers, cookies, custom packages...) and the "
        "life-moment suggestion rules. Safe to run again: only what is missing is added."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        installed = install_starter_catalogue()
        self.stdout.write(f"Added {installed.items} catalogue items and {installed.rules} suggestion rules.")
