"""Run a local SMTP server that stores every message it receives (development and the demo only).

Point WOWDESK_EMAIL_HOST/PORT at it (the defaults, 127.0.0.1:1025, already
do) and read what WowDesk sent at /mail/caught/.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Catch mail on a local SMTP port and store it for the /mail/caught/ page (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=1025)

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        try:
            from aiosmtpd.controller import Controller
        except ImportError as exc:  # pragma: no cover - aiosmtpd is a dev dependency
            raise CommandError("The mail catcher needs aiosmtpd: uv sync (with dev dependencies).") from exc
        from wowdesk.mail.catcher import MAX_CAUGHT_BYTES, CatchingHandler

        controller = Controller(CatchingHandler(), hostname=host, port=port, data_size_limit=MAX_CAUGHT_BYTES)
        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        controller.start()
        self.stdout.write(f"Catching mail on {host}:{port}; read it at /mail/caught/")
        try:
            stop.wait()
        finally:
            controller.stop()
