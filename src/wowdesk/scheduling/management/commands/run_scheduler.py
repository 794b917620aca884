"""Run the scheduler: every tick, enqueue the periodic jobs whose slot is due.

Run one next to the task worker (``db_worker``). Running several on different
machines is safe: each slot is claimed by a unique database row.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from wowdesk.scheduling.registry import registered
from wowdesk.scheduling.services import schedules_run_due


class Command(BaseCommand):
    help = "Enqueue due periodic jobs, every --tick seconds (or once with --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=20.0, help="Seconds between checks (default 20).")
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args: Any, tick: float, once: bool, **options: Any) -> None:
        if tick <= 0:
            self.stderr.write("--tick must be positive.")
            raise SystemExit(2)
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        names = ", ".join(s.name for s in registered()) or "none"
        self.stdout.write(f"Scheduler running; schedules: {names}")
        while True:
            # A long-lived loop must not keep a connection the database closed.
            close_old_connections()
            result = schedules_run_due()
            for name in result.enqueued:
                self.stdout.write(f"enqueued {name}")
            close_old_connections()
            if once or stop.wait(tick):
                break
