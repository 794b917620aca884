from __future__ import annotations

from datetime import datetime

from ninja import Schema


class ScheduleOut(Schema):
    name: str
    every_minutes: int
    description: str
    task: str
    last_enqueued_at: datetime | None
    next_slot: datetime


class ScheduleRunOut(Schema):
    name: str
    slot: datetime
    enqueued_at: datetime
