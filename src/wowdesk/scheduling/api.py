"""JSON API for periodic jobs: list them, and (admins) run one now."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from wowdesk.accounts.permissions import can_manage_staff
from wowdesk.api.auth import actor
from wowdesk.api.errors import ERRORS
from wowdesk.scheduling.models import ScheduledRun
from wowdesk.scheduling.schemas import ScheduleOut, ScheduleRunOut
from wowdesk.scheduling.selectors import ScheduleRow, schedule_get, schedule_overview
from wowdesk.scheduling.services import schedule_run_now

router = Router(tags=["schedules"])


@router.get("/schedules", response={200: list[ScheduleOut], **ERRORS}, operation_id="schedule_list")
def schedule_list(request: HttpRequest) -> list[ScheduleRow]:
    """Every periodic job, when it last ran and when its next slot starts (a short, fixed list)."""
    return schedule_overview()


@router.post("/schedules/{name}/run", response={200: ScheduleRunOut, **ERRORS}, operation_id="schedule_run")
def schedule_run(request: HttpRequest, name: str) -> ScheduledRun:
    if not can_manage_staff(actor(request)):
        raise PermissionDenied(_("Only administrators can run a schedule by hand."))
    with transaction.atomic():
        return schedule_run_now(schedule=schedule_get(name=name))
