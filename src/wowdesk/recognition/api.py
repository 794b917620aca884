"""JSON API for nominations, monthly votes, awards, the wall of fame and a person's recognition."""

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
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.recognition import selectors, services
from wowdesk.recognition.models import Nomination, NominationVote
from wowdesk.recognition.schemas import (
    AwardPageOut,
    AwardQuery,
    NominationIn,
    NominationOut,
    NominationPageOut,
    NominationQuery,
    NominationVoteOut,
    PersonRecognitionOut,
    WallOut,
    WallQuery,
    parse_month,
)
from wowdesk.recognition.selectors import WallFilters, WallMonth

router = Router(tags=["recognition"])


def _staff(field: str, pk: int) -> User:
    return referenced(field, lambda: staff_get(pk=pk))


@router.get("/nominations", response={200: NominationPageOut, **ERRORS}, operation_id="nomination_list")
def nomination_list(request: HttpRequest, filters: Query[NominationQuery]) -> dict[str, Any]:
    """A month's nominations (this month's by default), in the order they were made."""
    actor(request)
    month = parse_month(filters.month) if filters.month else None
    return paged(
        filters,
        lambda cursor, size: selectors.nominations_page(kind=filters.kind or "", month=month, cursor=cursor, size=size),
    )


@router.post("/nominations", response={201: NominationOut, **ERRORS}, operation_id="nomination_create")
def nomination_create(request: HttpRequest, payload: NominationIn) -> Status[Nomination]:
    """Nominate a colleague. A Hero nomination needs a conversation you can see as evidence."""
    user = actor(request)
    renamed = {"nominee": "nominee_id", "conversation": "conversation_id", "sidekicks": "sidekick_ids"}
    with transaction.atomic(), fields_renamed(renamed):
        nominee = referenced("nominee_id", lambda: staff_get(pk=payload.nominee_id))
        conversation = None
        if payload.conversation_id is not None:
            conversation_id = payload.conversation_id
            conversation = referenced(
                "conversation_id", lambda: conversation_get_for_user(user=user, pk=conversation_id)
            )
        sidekicks = [_staff("sidekick_ids", pk) for pk in payload.sidekick_ids]
        nomination = services.nomination_create(
            nominator=user,
            kind=payload.kind,
            nominee=nominee,
            story=payload.story,
            conversation=conversation,
            sidekicks=sidekicks,
        )
    return Status(201, selectors.nomination_get_for_user(user=user, pk=nomination.pk))


@router.get("/nominations/{pk}", response={200: NominationOut, **ERRORS}, operation_id="nomination_get")
def nomination_get(request: HttpRequest, pk: PathId) -> Nomination:
    return selectors.nomination_get_for_user(user=actor(request), pk=pk)


@router.post("/nominations/{pk}/votes", response={201: NominationVoteOut, **ERRORS}, operation_id="nomination_vote")
def nomination_vote(request: HttpRequest, pk: PathId) -> Status[NominationVote]:
    """One vote per award per month, never for a nomination that names you."""
    user = actor(request)
    with transaction.atomic():
        nomination = selectors.nomination_get_for_user(user=user, pk=pk)
        vote = services.nomination_vote(voter=user, nomination=nomination)
    return Status(201, vote)


@router.get("/awards", response={200: AwardPageOut, **ERRORS}, operation_id="award_list")
def award_list(request: HttpRequest, filters: Query[AwardQuery]) -> dict[str, Any]:
    """Announced awards, newest month first."""
    actor(request)
    return paged(filters, lambda cursor, size: selectors.awards_page(kind=filters.kind or "", cursor=cursor, size=size))


@router.get("/wall-of-fame", response={200: WallOut, **ERRORS}, operation_id="wall_of_fame")
def wall_of_fame(request: HttpRequest, filters: Query[WallQuery]) -> WallMonth:
    """One month of awards and Card of the Week winners; ``older``/``newer`` name the neighbouring months."""
    wall_filters = WallFilters(
        month=parse_month(filters.month) if filters.month else None, team_id=filters.team_id, award=filters.award
    )
    return selectors.wall_of_fame(viewer=actor(request), filters=wall_filters)


@router.get(
    "/staff/{pk}/recognition", response={200: PersonRecognitionOut, **ERRORS}, operation_id="person_recognition"
)
def person_recognition(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """What a staff member has been recognised for: lists, newest first, never totals."""
    found = selectors.person_recognition(viewer=actor(request), pk=pk)
    return {
        "person": found.person,
        "awards": found.awards,
        "sidekick_on": found.sidekick_awards,
        "cards_of_the_week": [{"week": w.week, "card_id": w.card_id} for w in found.cards_of_the_week],
        "nominations": found.nominations,
    }
