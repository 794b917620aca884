"""API schemas of everyday rounds: a day's items, the days gone by, and the actions on one item."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from wowdesk.api.common import CustomerRefOut, PageQuery, Text, UserRefOut
from wowdesk.rounds.models import MAX_NOTE, RoundItem, Source

State = Literal["open", "done", "all"]


class RoundItemQuery(PageQuery):
    day: dt.date | None = Field(None, description="The round's day (YYYY-MM-DD); today when left out")
    source: Source | None = None
    state: State = Field("open", description="open: not finished (open or claimed); done: done or skipped; all")
    mine: bool = Field(False, description="Only items you have taken")


class RoundItemOut(Schema):
    id: int
    day: dt.date
    position: int
    source: str
    source_label: str
    title: str
    detail: str
    url: str = Field(..., description="The page of what the item is about")
    conversation_id: int | None
    customer: CustomerRefOut | None
    since: dt.datetime | None
    due_at: dt.datetime | None
    status: str
    claimed_by: UserRefOut | None
    claimed_at: dt.datetime | None
    finished_by: UserRefOut | None
    finished_at: dt.datetime | None
    note: str = Field(..., description="What was done, or why it was skipped")

    @staticmethod
    def resolve_day(obj: RoundItem) -> dt.date:
        return obj.round.day

    @staticmethod
    def resolve_source_label(obj: RoundItem) -> str:
        return obj.get_source_display()

    @staticmethod
    def resolve_url(obj: RoundItem) -> str:
        return obj.target_url()


class RoundItemPageOut(Schema):
    items: list[RoundItemOut]
    next_cursor: str | None


class NoteIn(Schema):
    note: Text = Field(..., max_length=100_000, description=f"What you did, at most {MAX_NOTE} characters")


class ReasonIn(Schema):
    reason: Text = Field(..., max_length=100_000, description=f"Why it needs nothing, at most {MAX_NOTE} characters")


class RoundOut(Schema):
    day: dt.date
    generated_at: dt.datetime
    generated_by: UserRefOut | None = Field(..., description="Empty when the morning schedule made it")
    refreshed_at: dt.datetime | None


class TallyOut(Schema):
    """How far a day got, in items. Never per person: rounds do not score anyone."""

    open: int
    claimed: int
    done: int
    skipped: int
    total: int


class RoundDayOut(Schema):
    round: RoundOut
    tally: TallyOut


class RoundDayPageOut(Schema):
    items: list[RoundDayOut]
    next_cursor: str | None


class GeneratedOut(Schema):
    round: RoundOut
    created: bool = Field(..., description="False when today's round existed and was only looked over again")
    added: int
