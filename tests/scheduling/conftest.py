from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.scheduling import jobs
from wowdesk.scheduling.registry import Schedule, register, unregister


@pytest.fixture
def every_hour() -> Iterator[Schedule]:
    jobs.RUNS.clear()
    schedule = register(name="tests.every_hour", every=timedelta(hours=1), task=jobs.record_run, description="test")
    yield schedule
    unregister(schedule.name)
    jobs.RUNS.clear()
