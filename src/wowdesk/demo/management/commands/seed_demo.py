"""``python -m wowdesk seed_demo``: build the demo data set."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wowdesk.demo.context import DEMO_PASSWORD, DEMO_USERNAME, SeedOptions
from wowdesk.demo.pipeline import database_has_data, seed_demo
from wowdesk.demo.progress import ProgressBar


def _count(value: str) -> int:
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from exc
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


class Command(BaseCommand):
    # Checks import every view and admin (seconds); this command only writes rows, after migrate has checked.
    requires_system_checks: list[str] = []
    help = (
        "Fill an empty database with a realistic, deterministic demo data set: staff in three teams and two "
        "other departments, customers with rapport, orders, conversations on every channel and the journey "
        "stories. --conversations scales it up for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--conversations", type=_count, default=3000, help="Conversations in total (3,000).")
        parser.add_argument("--customers", type=_count, default=500, help="Customers besides the story ones (500).")
        parser.add_argument("--seed", type=int, default=42, help="Random seed; the same seed builds the same data.")
        parser.add_argument(
            "--workers",
            type=_count,
            default=None,
            help="Processes building conversations beside the writer (default: one per core; 0: none).",
        )
        parser.add_argument(
            "--flush", action="store_true", help="Delete ALL data in the database first (Django's flush)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, successfully, when the database already has data."
        )

    def _progress(self, label: str, total: int) -> ProgressBar:
        def write(text: str) -> None:
            self.stderr.write(text, ending="")
            self.stderr.flush()

        return ProgressBar(write=write, label=label, total=total, is_tty=self.stderr.isatty())

    def handle(self, *args: Any, **options: Any) -> None:
        if database_has_data():
            if options["if_empty"]:
                return
            if not options["flush"]:
                raise CommandError(
                    "The database already has data. Use --flush to delete everything and reseed, "
                    "or --if-empty to leave it as it is."
                )
            call_command("flush", interactive=False, verbosity=0)
        summary = seed_demo(
            options=SeedOptions(
                conversations=options["conversations"],
                customers=options["customers"],
                seed=options["seed"],
                workers=options["workers"],
            ),
            progress=self._progress,
        )
        self.stdout.write(
            f"Created {summary.users:,} staff, {summary.customers:,} customers and "
            f"{summary.conversations:,} conversations."
        )
        self.stdout.write(f"Log in at http://127.0.0.1:8000/ as {DEMO_USERNAME} / {DEMO_PASSWORD}")
