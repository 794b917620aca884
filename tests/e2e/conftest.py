"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against ``live_server``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse the ORM calls that fixtures make from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class SerialWSGIServer(WSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and the live server shares
    the test's one connection with every request thread. Pages fire
    requests of their own after loading (the menu's badges), and two
    requests on one sqlite3 connection at once fail at random ("bad
    parameter or other API misuse", a session that cannot be read). One
    request at a time removes the race; Django sends ``Connection: close``
    from a server without threads, so a browser's keep-alive cannot block it.
    """

    def __init__(self, *args: object, connections_override: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def close_request(self, request: object) -> None:
        connections.close_all()  # as the threaded server does; an in-memory SQLite connection ignores it
        super().close_request(request)  # type: ignore[arg-type]


# pytest-django builds its LiveServerThread when the first test asks for ``live_server``, after this import.
LiveServerThread.server_class = SerialWSGIServer  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            context = browser.new_context()
            yield context.new_page()
            context.close()
        finally:
            browser.close()
            # While Playwright's loop runs, Django keeps this thread's database
            # connections apart from the usual ones (asgiref treats the thread
            # as async). Close them here, or they outlive the test database.
            connections.close_all()
