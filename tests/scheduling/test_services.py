"""The scheduler enqueues each slot of each schedule exactly once, whoever asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from tests.scheduling import jobs
from wowdesk.scheduling.models import ScheduledRun
from wowdesk.scheduling.registry import register, registered
from wowdesk.scheduling.services import RETENTION, schedules_run_due, slot_start
from wowdesk.scheduling.tasks import prune_finished_task_results

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@given(
    now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    minutes=st.integers(min_value=1, max_value=60 * 24 * 7),
)
def test_slot_contains_now_and_is_the_same_for_every_moment_in_it(now, minutes):
    every = timedelta(minutes=minutes)
    slot = slot_start(every=every, now=now)
    assert slot <= now < slot + every
    assert slot_start(every=every, now=slot + every - timedelta(microseconds=1)) == slot
    assert slot_start(every=every, now=slot + every) == slot + every


def test_register_refuses_intervals_that_are_not_whole_minutes():
    with pytest.raises(ImproperlyConfigured, match="whole number of minutes"):
        register(name="tests.bad", every=timedelta(seconds=90), task=jobs.record_run)
    assert "tests.bad" not in [s.name for s in registered()]


@pytest.mark.django_db
def test_a_slot_runs_once_however_often_schedulers_tick(every_hour):
    first = schedules_run_due(now=NOON + timedelta(minutes=5))
    second = schedules_run_due(now=NOON + timedelta(minutes=40))

    assert "tests.every_hour" in first.enqueued
    assert "tests.every_hour" in second.skipped
    assert jobs.RUNS == ["ran"]
    assert ScheduledRun.objects.get(name="tests.every_hour").slot == NOON


@pytest.mark.django_db
def test_the_next_slot_runs_again(every_hour):
    schedules_run_due(now=NOON)
    schedules_run_due(now=NOON + timedelta(hours=1))

    assert jobs.RUNS == ["ran", "ran"]
    slots = list(ScheduledRun.objects.filter(name="tests.every_hour").values_list("slot", flat=True))
    assert sorted(slots) == [NOON, NOON + timedelta(hours=1)]


@pytest.mark.django_db
def test_a_slot_claimed_elsewhere_is_not_enqueued_here(every_hour):
    # Another machine's scheduler got there first.
    ScheduledRun.objects.create(name="tests.every_hour", slot=NOON)

    result = schedules_run_due(now=NOON + timedelta(minutes=1))

    assert "tests.every_hour" in result.skipped
    assert jobs.RUNS == []


@pytest.mark.django_db
def test_old_runs_are_forgotten(every_hour):
    ScheduledRun.objects.create(name="tests.every_hour", slot=NOON - RETENTION - timedelta(hours=1))
    schedules_run_due(now=NOON)
    kept = ScheduledRun.objects.filter(name="tests.every_hour").values_list("slot", flat=True)
    assert list(kept) == [NOON]


# Transactional: the command closes stale connections each tick, as a long-lived
# process must, and that would close the connection under a test's atomic block.
@pytest.mark.django_db(transaction=True)
def test_the_command_ticks_once(every_hour, capsys):
    call_command("run_scheduler", "--once")
    assert "enqueued tests.every_hour" in capsys.readouterr().out
    assert jobs.RUNS == ["ran"]


@pytest.mark.django_db
def test_pruning_deletes_only_old_finished_results():
    now = datetime.now(UTC)
    common = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "x.y", "backend_name": "default"}
    old_done = DBTaskResult.objects.create(
        status="SUCCESSFUL", finished_at=now - timedelta(days=31), run_after=now, **common
    )
    recent_done = DBTaskResult.objects.create(
        status="FAILED", finished_at=now - timedelta(days=1), run_after=now, **common
    )
    waiting = DBTaskResult.objects.create(status="READY", run_after=now, **common)

    assert prune_finished_task_results.call() == 1
    assert prune_finished_task_results.call() == 0
    remaining = set(DBTaskResult.objects.values_list("id", flat=True))
    assert remaining == {recent_done.id, waiting.id}
    assert old_done.id not in remaining
