"""JSON API of hiring: candidates, their panel, scorecards (with the anchoring rule) and status moves."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.accounts.models import Department, User
from wowdesk.accounts.selectors import department_list, staff_get
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.core.errors import NotFound
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard
from wowdesk.hiring.schemas import (
    CandidateDetailOut,
    CandidateIn,
    CandidateOut,
    CandidatePageOut,
    CandidateQuery,
    MoveIn,
    PanelIn,
    PanelMemberOut,
    ScorecardIn,
    ScorecardOut,
    ScorecardPageOut,
)
from wowdesk.hiring.selectors import (
    CandidateView,
    candidate_get_for_user,
    candidate_view,
    candidates_page,
    panel_for,
    scorecards_page,
)
from wowdesk.hiring.services import candidate_create, candidate_move, panel_add, panel_remove, scorecard_submit
from wowdesk.legends.selectors import values_by_ids

router = Router(tags=["hiring"])


def _department(pk: int) -> Department:
    found = department_list().filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


@router.get("/candidates", response={200: CandidatePageOut, **ERRORS}, operation_id="candidate_list")
def candidate_list(request: HttpRequest, query: Query[CandidateQuery]) -> dict[str, Any]:
    """Candidates you may see (leads and admins: all; otherwise those whose panel you sit on), newest first."""
    user = actor(request)
    status = query.status or ""
    return paged(query, lambda cursor, size: candidates_page(user=user, status=status, cursor=cursor, size=size))


@router.post("/candidates", response={201: CandidateOut, **ERRORS}, operation_id="candidate_create")
def candidate_create_endpoint(request: HttpRequest, payload: CandidateIn) -> Status[Candidate]:
    """Add a candidate (leads and admins)."""
    user = actor(request)
    department = referenced("department_id", lambda: _department(payload.department_id))
    candidate = candidate_create(
        actor=user,
        name=payload.name,
        email=payload.email,
        role=payload.role,
        department=department,
        source=payload.source,
    )
    return Status(201, candidate_get_for_user(user=user, pk=candidate.pk))


@router.get("/candidates/{pk}", response={200: CandidateDetailOut, **ERRORS}, operation_id="candidate_get")
def candidate_get(request: HttpRequest, pk: PathId) -> CandidateView:
    """The candidate with the panel, and why interviews or an offer cannot go ahead yet."""
    user = actor(request)
    return candidate_view(user=user, candidate=candidate_get_for_user(user=user, pk=pk))


@router.post("/candidates/{pk}/panel", response={201: PanelMemberOut, **ERRORS}, operation_id="panel_add")
def panel_add_endpoint(request: HttpRequest, pk: PathId, payload: PanelIn) -> Status[PanelMember]:
    """Seat a member of staff, from any department, on the panel (leads and admins)."""
    user = actor(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    person: User = referenced("user_id", lambda: staff_get(pk=payload.user_id))
    with fields_renamed({"user": "user_id"}):
        member = panel_add(actor=user, candidate=candidate, user=person)
    return Status(201, next(m for m in panel_for(candidate=candidate) if m.pk == member.pk))


@router.delete("/candidates/{pk}/panel/{user_id}", response={204: None, **ERRORS}, operation_id="panel_remove")
def panel_remove_endpoint(request: HttpRequest, pk: PathId, user_id: PathId) -> Status[None]:
    """Take someone off the panel before their scorecard is in (leads and admins)."""
    user = actor(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    with fields_renamed({"user": "user_id"}):
        panel_remove(actor=user, candidate=candidate, user_id=user_id)
    return Status(204, None)


@router.get("/candidates/{pk}/scorecards", response={200: ScorecardPageOut, **ERRORS}, operation_id="scorecard_list")
def scorecard_list(request: HttpRequest, pk: PathId, query: Query[PageQuery]) -> dict[str, Any]:
    """The scorecards you may read: a panelist sees them once their own is in."""
    user = actor(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    return paged(query, lambda cursor, size: scorecards_page(user=user, candidate=candidate, cursor=cursor, size=size))


@router.post("/candidates/{pk}/scorecards", response={201: ScorecardOut, **ERRORS}, operation_id="scorecard_submit")
def scorecard_submit_endpoint(request: HttpRequest, pk: PathId, payload: ScorecardIn) -> Status[Scorecard]:
    """Submit your scorecard (panelists, while the candidate is interviewing). Final once submitted."""
    user = actor(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    with transaction.atomic(), fields_renamed({"values": "value_ids"}):
        values = values_by_ids(list(payload.value_ids))
        card = scorecard_submit(
            actor=user,
            candidate=candidate,
            skills=payload.skills,
            skills_evidence=payload.skills_evidence,
            culture=payload.culture,
            culture_evidence=payload.culture_evidence,
            vote=payload.vote,
            values=values,
        )
    page = scorecards_page(user=user, candidate=candidate, cursor=None, size=100)
    return Status(201, next(c for c in page.items if c.pk == card.pk))


@router.post("/candidates/{pk}/status", response={200: CandidateOut, **ERRORS}, operation_id="candidate_move")
def candidate_move_endpoint(request: HttpRequest, pk: PathId, payload: MoveIn) -> Candidate:
    """Move the candidate along; refused with the reasons when the panel rules are not met (decision 0013)."""
    user = actor(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    hired_user = None
    if payload.user_id is not None:
        user_id = payload.user_id
        hired_user = referenced("user_id", lambda: staff_get(pk=user_id))
    with fields_renamed({"user": "user_id"}):
        candidate_move(actor=user, candidate=candidate, to=payload.status, hired_user=hired_user)
    return candidate_get_for_user(user=user, pk=pk)
