"""Staff endpoints for recovery items."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router

from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.core.errors import NotFound
from wowdesk.happiness.models import Recovery
from wowdesk.happiness.schemas import RecoveryCloseIn, RecoveryOut, RecoveryPageOut, RecoveryQuery
from wowdesk.happiness.selectors import gestures_for_recovery, recoveries_page, recovery_get_for_user
from wowdesk.happiness.services import recovery_close

router = Router(tags=["recoveries"])


@router.get("/recoveries", response={200: RecoveryPageOut, **ERRORS}, operation_id="recovery_list")
def recovery_list(request: HttpRequest, query: Query[RecoveryQuery]) -> dict[str, Any]:
    """Open recoveries oldest first, closed ones latest first, or (``mine``) the open ones you were told about."""
    user = actor(request)
    return paged(
        query,
        lambda cursor, size: recoveries_page(
            user=user, state=query.state, team_id=query.team, cursor=cursor, size=size
        ),
    )


@router.get("/recoveries/{pk}", response={200: RecoveryOut, **ERRORS}, operation_id="recovery_get")
def recovery_get(request: HttpRequest, pk: PathId) -> Recovery:
    return recovery_get_for_user(user=actor(request), pk=pk)


@router.post("/recoveries/{pk}/close", response={200: RecoveryOut, **ERRORS}, operation_id="recovery_close")
def recovery_close_endpoint(request: HttpRequest, pk: PathId, payload: RecoveryCloseIn) -> Recovery:
    """Record what was done (and the gesture, if one was granted) and close the recovery."""
    user = actor(request)
    recovery = recovery_get_for_user(user=user, pk=pk)
    gesture = None
    if payload.gesture_id is not None:
        gesture_id = payload.gesture_id

        def find() -> Any:
            found = gestures_for_recovery(recovery=recovery).filter(pk=gesture_id).first()
            if found is None:
                raise NotFound
            return found

        gesture = referenced("gesture_id", find)
    with transaction.atomic():
        recovery_close(actor=user, recovery=recovery, what_was_done=payload.what_was_done, gesture=gesture)
    return recovery_get_for_user(user=user, pk=pk)
