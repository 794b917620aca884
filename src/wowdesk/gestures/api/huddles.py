"""Huddles over JSON: open one on a gesture, invite anyone, add contributions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from wowdesk.accounts.selectors import staff_get
from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, fields_renamed, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.gestures import selectors, services
from wowdesk.gestures.models import Gesture
from wowdesk.gestures.schemas import ContributionIn, ContributionOut, HuddleInviteIn, HuddleOpenIn, HuddleOut

router = Router(tags=["huddles"])


def _huddle(gesture: Gesture) -> dict[str, Any]:
    parts = selectors.huddle_parts(gesture=gesture)
    huddle = parts.huddle
    assert huddle is not None
    return {
        "id": huddle.pk,
        "gesture_id": gesture.pk,
        "purpose": huddle.purpose,
        "opened_by": huddle.opened_by,
        "opened_at": huddle.opened_at,
        "members": [
            {
                "user": m.user,
                "department": m.user.department.name if m.user.department else None,
                "joined_at": m.joined_at,
            }
            for m in parts.members
        ],
        "contributions": parts.contributions,
        "sidekicks": [s.user for s in gesture.sidekicks.select_related("user")],
    }


@router.get("/gestures/{pk}/huddle", response={200: HuddleOut, **ERRORS}, operation_id="huddle_get")
def huddle_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    gesture = selectors.gesture_get_for_user(user=actor(request), pk=pk)
    selectors.huddle_get_for_gesture(gesture=gesture)
    return _huddle(gesture)


@router.post("/gestures/{pk}/huddle", response={201: HuddleOut, **ERRORS}, operation_id="huddle_open")
def huddle_open(request: HttpRequest, pk: PathId, payload: HuddleOpenIn) -> Status[dict[str, Any]]:
    user = actor(request)
    with transaction.atomic():
        gesture = selectors.gesture_get_for_user(user=user, pk=pk)
        services.huddle_open(actor=user, gesture=gesture, purpose=payload.purpose)
    return Status(201, _huddle(gesture))


@router.post("/gestures/{pk}/huddle/members", response={200: HuddleOut, **ERRORS}, operation_id="huddle_invite")
def huddle_invite(request: HttpRequest, pk: PathId, payload: HuddleInviteIn) -> dict[str, Any]:
    """Invite anyone, from any department; they can then see this gesture (not its conversation) and help."""
    user = actor(request)
    with transaction.atomic(), fields_renamed({"user": "user_id"}):
        gesture = selectors.gesture_get_for_user(user=user, pk=pk)
        huddle = selectors.huddle_get_for_gesture(gesture=gesture)
        invitee = referenced("user_id", lambda: staff_get(pk=payload.user_id))
        services.huddle_invite(actor=user, huddle=huddle, user=invitee)
    return _huddle(gesture)


@router.post(
    "/gestures/{pk}/huddle/contributions",
    response={201: ContributionOut, **ERRORS},
    operation_id="huddle_contribute",
)
def huddle_contribute(request: HttpRequest, pk: PathId, payload: ContributionIn) -> Status[Any]:
    """Add an item, a card, a vendor's promotional gift or a note; the helper becomes a sidekick."""
    user = actor(request)
    with transaction.atomic():
        gesture = selectors.gesture_get_for_user(user=user, pk=pk)
        huddle = selectors.huddle_get_for_gesture(gesture=gesture)
        contribution = services.huddle_contribute(
            actor=user, huddle=huddle, kind=payload.kind, description=payload.description
        )
    return Status(201, contribution)
