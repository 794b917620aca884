"""A task the scheduling tests register; it records each run in memory.

The test settings use the immediate task backend, so the task runs in the
test's own process and the list is visible to the test.
"""

from __future__ import annotations

from django.tasks import task

RUNS: list[str] = []


@task()
def record_run() -> None:
    RUNS.append("ran")
