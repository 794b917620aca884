"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against ``live_server``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse the ORM calls that fixtures make from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
