"""The dashboard's figures over JSON: the same selector the page uses, read from the rollups."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, page_size
from wowdesk.api.errors import ERRORS
from wowdesk.core.errors import field_error
from wowdesk.happiness.schemas import DashboardOut, DashboardQuery, RepPageOut
from wowdesk.happiness.selectors import Dashboard, DashboardFilters, dashboard

router = Router(tags=["happiness dashboard"])


def _filters(query: DashboardQuery) -> DashboardFilters:
    return DashboardFilters(
        period=query.period, start=query.from_, end=query.to, team_id=query.team, channel=query.channel or ""
    )


@router.get("/happiness/dashboard", response={200: DashboardOut, **ERRORS}, operation_id="happiness_dashboard")
def happiness_dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> Dashboard:
    """Grade distribution by week, A/B against C/D/F, streaks without an F, teams with their spread, the
    worst-served 10% and what they had in common, and recoveries. Never any time-per-customer figure."""
    return dashboard(user=actor(request), filters=_filters(query), reps_size=1)


class RepQuery(DashboardQuery, PageQuery):
    pass


@router.get("/happiness/people", response={200: RepPageOut, **ERRORS}, operation_id="happiness_people")
def happiness_people(request: HttpRequest, query: Query[RepQuery]) -> dict[str, Any]:
    """Each person's grade distribution, alphabetically (leads see everyone; others only themselves)."""
    user = actor(request)
    size = page_size(query)
    try:
        board = dashboard(user=user, filters=_filters(query), reps_cursor=query.cursor or None, reps_size=size)
    except (ValueError, TypeError, OverflowError) as exc:
        # A cursor of the right shape holding the wrong kind of value.
        raise field_error("cursor", _("Invalid cursor; use the value returned by the previous page.")) from exc
    return {"items": board.reps.items, "next_cursor": board.reps.next_cursor}
