"""Enqueue the periodic jobs that are due. Safe to run from many processes at once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from wowdesk.scheduling.models import ScheduledRun
from wowdesk.scheduling.registry import Schedule, registered

logger = logging.getLogger(__name__)

# Long enough to see what ran over a weekend; short enough that the table stays small.
RETENTION = timedelta(days=14)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def slot_start(*, every: timedelta, now: datetime) -> datetime:
    """The start of the interval containing ``now``, aligned to the Unix epoch.

    Alignment to a fixed origin (not to when a scheduler started) is what
    makes two schedulers agree on the slot without talking to each other.
    """
    step = int(every.total_seconds())
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % step)


@dataclass(frozen=True)
class TickResult:
    enqueued: list[str]
    skipped: list[str]


def _claim_and_enqueue(schedule: Schedule, slot: datetime) -> bool:
    """Insert the slot's row and enqueue the task in one transaction.

    With the database task backend the job row commits together with the
    claim, so a crash between the two cannot lose the slot or run it twice.
    Returns False when another scheduler already claimed the slot.
    """
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=schedule.name, slot=slot)
            result = schedule.task.enqueue()
            run.task_result_id = str(result.id)[:64]
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return False
    return True


def schedules_run_due(*, now: datetime | None = None) -> TickResult:
    """Enqueue every registered schedule whose current slot has not been claimed yet."""
    now = now or timezone.now()
    enqueued: list[str] = []
    skipped: list[str] = []
    for schedule in registered():
        slot = slot_start(every=schedule.every, now=now)
        if _claim_and_enqueue(schedule, slot):
            logger.info("Enqueued %s for %s", schedule.name, slot.isoformat())
            enqueued.append(schedule.name)
        else:
            skipped.append(schedule.name)
    ScheduledRun.objects.filter(slot__lt=now - RETENTION).delete()
    return TickResult(enqueued=enqueued, skipped=skipped)


def schedule_run_now(*, schedule: Schedule) -> ScheduledRun:
    """Enqueue a schedule's task at once, outside its rhythm (the "run now" button).

    Recorded as a run in its own one-second slot so it shows in the history;
    the regular slot still runs on time, which is harmless because scheduled
    tasks are idempotent.
    """
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        run, _created = ScheduledRun.objects.get_or_create(name=schedule.name, slot=now)
        result = schedule.task.enqueue()
        run.task_result_id = str(result.id)[:64]
        run.save(update_fields=["task_result_id"])
    return run
