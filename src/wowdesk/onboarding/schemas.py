"""API schemas for phone stints. Lists carry where each stint stands, never call figures (no ranking)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from wowdesk.accounts.schemas import DepartmentRefOut
from wowdesk.api.common import Id, PageQuery, Text, UserRefOut
from wowdesk.onboarding.models import (
    DEFAULT_DAYS,
    MAX_DAYS,
    MAX_EXTENSION_DAYS,
    MAX_NOTE,
    MAX_REASON,
    MIN_DAYS,
    StintStatus,
)
from wowdesk.onboarding.progress import MilestoneState, Tally, WeekTally
from wowdesk.onboarding.selectors import StintDetail, StintSummary


class StintQuery(PageQuery):
    show: Literal["current", "graduated", "all"] = Field(
        "current", description="current: scheduled and on the phones (by start date); graduated: newest first"
    )


class StintIn(Schema):
    hire_id: Id
    coach_id: Id = Field(..., description="The rep or lead who sits with them; not the hire")
    starts_on: dt.date
    length_days: int = Field(DEFAULT_DAYS, ge=MIN_DAYS, le=MAX_DAYS, description="Below 28 needs short_reason")
    short_reason: Text = Field("", max_length=MAX_REASON)
    home_department_id: Id | None = Field(None, description="Where they go afterwards; default: their department")
    home_title: Text = Field("", max_length=100, description="Their job afterwards; default: their title")


class CheckInIn(Schema):
    note: Text = Field(..., max_length=MAX_NOTE)
    week: int | None = Field(None, ge=1, le=MAX_DAYS, description="Default: the current week")


class MilestoneTickIn(Schema):
    milestone: Text = Field(
        ..., max_length=30, description="shadowed_call or coach_sign_off; the others tick themselves"
    )
    note: Text = Field(..., max_length=MAX_REASON)


class ExtendIn(Schema):
    days: int = Field(..., ge=1, le=MAX_EXTENSION_DAYS)
    reason: Text = Field(..., max_length=MAX_REASON)


class GraduateIn(Schema):
    note: Text = Field(..., max_length=MAX_NOTE)
    early_reason: Text = Field("", max_length=MAX_REASON, description="Needed with fewer than 28 days on the phones")


class MilestoneOut(Schema):
    key: str
    label: str
    automatic: bool
    done: bool
    done_at: dt.datetime | None
    ticked_by: UserRefOut | None
    note: str


class CheckInOut(Schema):
    id: int
    week: int
    author: UserRefOut
    note: str
    created_at: dt.datetime


class ExtensionOut(Schema):
    days: int
    length_after: int
    reason: str
    extended_by: UserRefOut
    created_at: dt.datetime


class ReadingItemOut(Schema):
    legend_id: int
    title: str
    read: bool


class StintOut(Schema):
    id: int
    hire: UserRefOut
    coach: UserRefOut
    home_department: DepartmentRefOut | None
    home_title: str
    starts_on: dt.date
    ends_on: dt.date = Field(..., description="The first day back in their own job")
    planned_days: int
    length_days: int
    short_reason: str
    status: StintStatus
    week: int = Field(..., description="0 before it starts")
    planned_weeks: int
    milestones_done: int
    milestones_total: int
    reading_done: int
    reading_total: int
    last_check_in_at: dt.datetime | None
    graduated_at: dt.datetime | None
    graduated_by: UserRefOut | None
    graduation_note: str
    early_reason: str


class StintPageOut(Schema):
    items: list[StintOut]
    next_cursor: str | None


class TallyOut(Schema):
    conversations: int
    calls: int
    call_seconds: int = Field(..., description="Time on the phones; a fact, never a target")
    replies: int
    gestures: int
    grades: dict[str, int] = Field(..., description="Grades customers gave, A to F, counted: no average")


class WeekOut(TallyOut):
    number: int
    first_day: dt.date
    last_day: dt.date
    planned: bool
    current: bool
    check_ins: list[CheckInOut]


class ConversationRefOut(Schema):
    id: int
    subject: str


class StintDetailOut(StintOut):
    milestones: list[MilestoneOut]
    reading: list[ReadingItemOut]
    weeks: list[WeekOut]
    total: TallyOut
    extensions: list[ExtensionOut]
    conversations: list[ConversationRefOut] = Field(..., description="The most recent you may open")


def _milestone(state: MilestoneState) -> dict[str, Any]:
    return {
        "key": state.key,
        "label": state.label,
        "automatic": state.automatic,
        "done": state.done,
        "done_at": state.done_at,
        "ticked_by": state.ticked_by,
        "note": state.note,
    }


def summary_out(summary: StintSummary) -> dict[str, Any]:
    stint = summary.stint
    return {
        "id": stint.pk,
        "hire": stint.hire,
        "coach": stint.coach,
        "home_department": stint.home_department,
        "home_title": stint.home_title,
        "starts_on": stint.starts_on,
        "ends_on": stint.ends_on,
        "planned_days": stint.planned_days,
        "length_days": stint.length_days,
        "short_reason": stint.short_reason,
        "status": summary.status,
        "week": summary.week,
        "planned_weeks": summary.weeks,
        "milestones_done": summary.milestones_done,
        "milestones_total": summary.milestones_total,
        "reading_done": summary.reading.done,
        "reading_total": summary.reading.total,
        "last_check_in_at": summary.last_check_in,
        "graduated_at": stint.graduated_at,
        "graduated_by": stint.graduated_by,
        "graduation_note": stint.graduation_note,
        "early_reason": stint.early_reason,
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return {
        "conversations": tally.conversations,
        "calls": tally.calls,
        "call_seconds": tally.call_seconds,
        "replies": tally.replies,
        "gestures": tally.gestures,
        "grades": dict(tally.grade_counts),
    }


def _week(week: WeekTally) -> dict[str, Any]:
    return {
        **_tally(week),
        "number": week.number,
        "first_day": week.first_day,
        "last_day": week.last_day,
        "planned": week.planned,
        "current": week.current,
        "check_ins": week.check_ins,
    }


def detail_out(detail: StintDetail) -> dict[str, Any]:
    return {
        **summary_out(detail.summary),
        "weeks": [_week(week) for week in detail.activity.weeks],
        "milestones": [_milestone(m) for m in detail.summary.milestones],
        "reading": [
            {"legend_id": row.item.legend_id, "title": row.item.legend.title, "read": row.read}
            for row in detail.summary.reading.rows
        ],
        "total": _tally(detail.activity.total),
        "extensions": detail.extensions,
        "conversations": detail.conversations,
    }
