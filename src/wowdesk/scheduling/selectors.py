"""Read side of scheduling: what is registered, when it last ran, when it runs next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from wowdesk.scheduling import registry
from wowdesk.scheduling.models import ScheduledRun
from wowdesk.scheduling.registry import Schedule
from wowdesk.scheduling.services import slot_start


@dataclass(frozen=True)
class ScheduleRow:
    name: str
    every: timedelta
    description: str
    task: str
    last_enqueued_at: datetime | None
    next_slot: datetime

    @property
    def every_minutes(self) -> int:
        return int(self.every.total_seconds() // 60)


def schedule_overview(*, now: datetime | None = None) -> list[ScheduleRow]:
    """Every registered schedule with its last run, in one query."""
    now = now or timezone.now()
    last = dict(ScheduledRun.objects.values_list("name").annotate(last=Max("enqueued_at")).order_by())
    return [
        ScheduleRow(
            name=s.name,
            every=s.every,
            description=s.description,
            task=s.task.module_path,
            last_enqueued_at=last.get(s.name),
            next_slot=slot_start(every=s.every, now=now) + s.every,
        )
        for s in registry.registered()
    ]


def schedule_get(*, name: str) -> Schedule:
    schedule = registry.get(name)
    if schedule is None:
        raise Http404("No such schedule.")
    return schedule
