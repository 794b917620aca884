"""Writing the audit trail and the conversation timeline beside each change."""

from __future__ import annotations

from typing import Any

from wowdesk.accounts.models import User
from wowdesk.conversations.models import EventType
from wowdesk.conversations.services import conversation_record_event
from wowdesk.gestures.models import Gesture, GestureAudit


def audit_record(
    *,
    gesture: Gesture,
    action: str,
    actor: User | None,
    from_state: str = "",
    to_state: str = "",
    detail: str = "",
    data: dict[str, Any] | None = None,
) -> GestureAudit:
    """Append one audit row. Precondition: the caller's transaction also holds the change itself."""
    return GestureAudit.objects.create(
        gesture=gesture,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        detail=detail[:500],
        data=data or {},
    )


def timeline_note(*, gesture: Gesture, actor: User | None, body: str, granted: bool = False) -> None:
    """Tell the gesture's conversation what happened (the grant, a parcel delivered, a refund done)."""
    conversation_record_event(
        conversation=gesture.conversation,
        actor=actor,
        event_type=EventType.GESTURE_GRANTED if granted else EventType.GESTURE_UPDATED,
        body=body,
        data={"gesture": gesture.pk},
    )
