"""JSON API for phone stints: list, read, start, check in, tick a milestone, extend, graduate.

Each write is one transaction: resolving the objects named in the request
and the service call commit together or not at all.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.accounts.models import User
from wowdesk.accounts.selectors import staff_get
from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.core.errors import NotFound
from wowdesk.core.pagination import Page
from wowdesk.onboarding import selectors, services
from wowdesk.onboarding.models import CheckIn, PhoneStint
from wowdesk.onboarding.schemas import (
    CheckInIn,
    CheckInOut,
    ExtendIn,
    GraduateIn,
    MilestoneOut,
    MilestoneTickIn,
    StintDetailOut,
    StintIn,
    StintPageOut,
    StintQuery,
    detail_out,
    summary_out,
)

router = Router(tags=["onboarding"])


def _detail(user: User, pk: int) -> dict[str, Any]:
    stint = selectors.stint_get_for_user(user=user, pk=pk)
    return detail_out(selectors.stint_detail(viewer=user, stint=stint))


@router.get("/onboarding/stints", response={200: StintPageOut, **ERRORS}, operation_id="stint_list")
def stint_list(request: HttpRequest, filters: Query[StintQuery]) -> dict[str, Any]:
    """Stints you may see (leads and admins: everyone's), in calendar order. Never sorted by calls or time."""
    user = actor(request)
    rows: list[selectors.StintSummary] = []

    def fetch(cursor: str | None, size: int) -> Page[PhoneStint]:
        page, found = selectors.stints_page(user=user, show=filters.show, cursor=cursor, size=size)
        rows.extend(found)
        return page

    result = paged(filters, fetch)
    return {"items": [summary_out(row) for row in rows], "next_cursor": result["next_cursor"]}


@router.get("/onboarding/stints/{pk}", response={200: StintDetailOut, **ERRORS}, operation_id="stint_get")
def stint_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The stint week by week: conversations, calls, time on the phones, replies, gestures, grades A–F."""
    return _detail(actor(request), pk)


@router.get("/onboarding/me", response={200: StintDetailOut, **ERRORS}, operation_id="stint_mine")
def stint_mine(request: HttpRequest) -> dict[str, Any]:
    """Your own stint: the one not graduated yet, else your latest. 404 if you have none."""
    user = actor(request)
    stint = selectors.my_stint(user=user)
    if stint is None:
        raise NotFound("You have no stint on the phones.")
    return detail_out(selectors.stint_detail(viewer=user, stint=stint))


@router.post("/onboarding/stints", response={201: StintDetailOut, **ERRORS}, operation_id="stint_create")
def stint_create(request: HttpRequest, payload: StintIn) -> Status[dict[str, Any]]:
    """Put someone on the phones (leads and admins). Everyone goes through it; there is no exemption."""
    user = actor(request)
    with transaction.atomic():
        hire = referenced("hire_id", lambda: staff_get(pk=payload.hire_id))
        coach = referenced("coach_id", lambda: staff_get(pk=payload.coach_id))
        department_id = payload.home_department_id
        department = (
            referenced("home_department_id", lambda: selectors.department_get(pk=department_id))
            if department_id is not None
            else None
        )
        with fields_renamed({"hire": "hire_id", "coach": "coach_id", "home_department": "home_department_id"}):
            stint = services.stint_start(
                actor=user,
                hire=hire,
                coach=coach,
                starts_on=payload.starts_on,
                length_days=payload.length_days,
                short_reason=payload.short_reason,
                home_department=department,
                home_title=payload.home_title,
            )
    return Status(201, _detail(user, stint.pk))


@router.post("/onboarding/stints/{pk}/check-ins", response={201: CheckInOut, **ERRORS}, operation_id="stint_check_in")
def stint_check_in(request: HttpRequest, pk: PathId, payload: CheckInIn) -> Status[CheckIn]:
    """The coach's note for a week (the coach, leads and admins)."""
    user = actor(request)
    with transaction.atomic():
        stint = selectors.stint_get_for_user(user=user, pk=pk)
        check_in = services.stint_check_in(actor=user, stint=stint, note=payload.note, week=payload.week)
    return Status(201, check_in)


@router.post(
    "/onboarding/stints/{pk}/milestones", response={201: MilestoneOut, **ERRORS}, operation_id="stint_milestone_tick"
)
def stint_milestone_tick(request: HttpRequest, pk: PathId, payload: MilestoneTickIn) -> Status[dict[str, Any]]:
    """Tick a manual milestone with a note (the coach, leads and admins)."""
    user = actor(request)
    with transaction.atomic():
        stint = selectors.stint_get_for_user(user=user, pk=pk)
        tick = services.stint_milestone_tick(actor=user, stint=stint, milestone=payload.milestone, note=payload.note)
    return Status(
        201,
        {
            "key": tick.milestone,
            "label": tick.get_milestone_display(),
            "automatic": False,
            "done": True,
            "done_at": tick.ticked_at,
            "ticked_by": tick.ticked_by,
            "note": tick.note,
        },
    )


@router.post("/onboarding/stints/{pk}/extend", response={200: StintDetailOut, **ERRORS}, operation_id="stint_extend")
def stint_extend(request: HttpRequest, pk: PathId, payload: ExtendIn) -> dict[str, Any]:
    """More days on the phones, with the reason (leads and admins; 84 days at most in all)."""
    user = actor(request)
    with transaction.atomic():
        stint = selectors.stint_get_for_user(user=user, pk=pk)
        services.stint_extend(actor=user, stint=stint, days=payload.days, reason=payload.reason)
    return _detail(user, pk)


@router.post(
    "/onboarding/stints/{pk}/graduate", response={200: StintDetailOut, **ERRORS}, operation_id="stint_graduate"
)
def stint_graduate(request: HttpRequest, pk: PathId, payload: GraduateIn) -> dict[str, Any]:
    """Record the graduation after the coach's sign-off (leads and admins)."""
    user = actor(request)
    with transaction.atomic():
        stint = selectors.stint_get_for_user(user=user, pk=pk)
        services.stint_graduate(actor=user, stint=stint, note=payload.note, early_reason=payload.early_reason)
    return _detail(user, pk)
