"""Reads for huddles and sidekicks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound
from wowdesk.gestures.models import Gesture, Huddle, Sidekick


def huddle_get_for_gesture(*, gesture: Gesture) -> Huddle:
    """The gesture's huddle. Precondition: ``gesture`` came from the permission-checked getter."""
    huddle = Huddle.objects.filter(gesture=gesture).select_related("gesture", "opened_by").first()
    if huddle is None:
        raise NotFound("This gesture has no huddle yet.")
    return huddle


def sidekicks_for_conversation(*, conversation_id: int) -> QuerySet[Sidekick]:
    """Everyone recorded as a sidekick on a gesture granted in this conversation
    (or in one merged into it), with the person and the gesture loaded.

    Hero nominations use this to suggest the helpers to name beside the hero.
    Visibility is the caller's: check the conversation with its getter first.
    """
    return (
        Sidekick.objects.filter(
            Q(gesture__conversation_id=conversation_id) | Q(gesture__conversation__merged_into_id=conversation_id)
        )
        .select_related("user__department", "user__team", "gesture__granted_by")
        .order_by("added_at", "id")
    )


def sidekick_users_for_conversation(*, conversation_id: int) -> list[User]:
    """The distinct people among ``sidekicks_for_conversation``, in the order they first helped."""
    seen: dict[int, User] = {}
    for sidekick in sidekicks_for_conversation(conversation_id=conversation_id):
        seen.setdefault(sidekick.user_id, sidekick.user)
    return list(seen.values())
