"""JSON API of everyday rounds: list a day's items, claim, complete, skip, give back, generate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged
from wowdesk.api.errors import ERRORS
from wowdesk.rounds.models import RoundItem
from wowdesk.rounds.schemas import (
    GeneratedOut,
    NoteIn,
    ReasonIn,
    RoundDayPageOut,
    RoundItemOut,
    RoundItemPageOut,
    RoundItemQuery,
)
from wowdesk.rounds.selectors import (
    ItemFilters,
    round_days,
    round_item_get_for_user,
    round_items_page,
    rounds_page,
    today,
)
from wowdesk.rounds.services import (
    Generated,
    round_generate,
    round_item_claim,
    round_item_complete,
    round_item_release,
    round_item_skip,
)

router = Router(tags=["rounds"])


@router.get("/round-items", response={200: RoundItemPageOut, **ERRORS}, operation_id="round_item_list")
def round_item_list(request: HttpRequest, query: Query[RoundItemQuery]) -> dict[str, Any]:
    """A day's items you may see (today's by default), in round order."""
    user = actor(request)
    filters = ItemFilters(source=query.source or "", state=query.state, mine=query.mine)
    day = query.day or today()
    return paged(
        query, lambda cursor, size: round_items_page(user=user, day=day, filters=filters, cursor=cursor, size=size)
    )


@router.get("/round-items/{pk}", response={200: RoundItemOut, **ERRORS}, operation_id="round_item_get")
def round_item_get(request: HttpRequest, pk: PathId) -> RoundItem:
    return round_item_get_for_user(user=actor(request), pk=pk)


def _fresh(request: HttpRequest, item: RoundItem) -> RoundItem:
    return round_item_get_for_user(user=actor(request), pk=item.pk)


@router.post("/round-items/{pk}/claim", response={200: RoundItemOut, **ERRORS}, operation_id="round_item_claim")
def round_item_claim_endpoint(request: HttpRequest, pk: PathId) -> RoundItem:
    """Take an open item. If someone got there first: 422 on ``item``, saying who."""
    user = actor(request)
    item = round_item_claim(actor=user, item=round_item_get_for_user(user=user, pk=pk))
    return _fresh(request, item)


@router.post("/round-items/{pk}/release", response={200: RoundItemOut, **ERRORS}, operation_id="round_item_release")
def round_item_release_endpoint(request: HttpRequest, pk: PathId) -> RoundItem:
    """Give a claimed item back (its claimer, or a lead)."""
    user = actor(request)
    item = round_item_release(actor=user, item=round_item_get_for_user(user=user, pk=pk))
    return _fresh(request, item)


@router.post("/round-items/{pk}/complete", response={200: RoundItemOut, **ERRORS}, operation_id="round_item_complete")
def round_item_complete_endpoint(request: HttpRequest, pk: PathId, payload: NoteIn) -> RoundItem:
    """Done, with what you did. An open item is taken by you on the way."""
    user = actor(request)
    item = round_item_complete(actor=user, item=round_item_get_for_user(user=user, pk=pk), note=payload.note)
    return _fresh(request, item)


@router.post("/round-items/{pk}/skip", response={200: RoundItemOut, **ERRORS}, operation_id="round_item_skip")
def round_item_skip_endpoint(request: HttpRequest, pk: PathId, payload: ReasonIn) -> RoundItem:
    """Skipped, with why it needs nothing today."""
    user = actor(request)
    item = round_item_skip(actor=user, item=round_item_get_for_user(user=user, pk=pk), reason=payload.reason)
    return _fresh(request, item)


@router.get("/rounds", response={200: RoundDayPageOut, **ERRORS}, operation_id="round_list")
def round_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Every day's round, newest first, with how far it got (items you may see)."""
    result = paged(query, lambda cursor, size: rounds_page(cursor=cursor, size=size))
    result["items"] = round_days(user=actor(request), rounds=result["items"])
    return result


@router.post("/rounds", response={200: GeneratedOut, 201: GeneratedOut, **ERRORS}, operation_id="round_generate")
def round_generate_endpoint(request: HttpRequest) -> Status[dict[str, Any]]:
    """Generate today's round now (201), or look again and add what turned up since (200)."""
    user = actor(request)
    generated: Generated = round_generate(actor=user, refresh=True)
    body = {"round": generated.round, "created": generated.created, "added": generated.added}
    return Status(201 if generated.created else 200, body)
