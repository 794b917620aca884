"""Staff endpoints for grades: the list with filters, and one conversation's grade with its history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, paged
from wowdesk.api.errors import ERRORS
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.happiness.schemas import ConversationHappinessOut, GradePageOut, GradeQuery
from wowdesk.happiness.selectors import (
    GradeFilters,
    grade_for_conversation,
    grade_history,
    grades_page,
    survey_for_conversation,
)

router = Router(tags=["grades"])


@router.get("/grades", response={200: GradePageOut, **ERRORS}, operation_id="grade_list")
def grade_list(request: HttpRequest, query: Query[GradeQuery]) -> dict[str, Any]:
    """Grades on conversations you may see: newest first, or (``worst=true``) C, D and F worst first."""
    user = actor(request)
    filters = GradeFilters(
        start=query.from_,
        end=query.to,
        team_id=query.team,
        channel=query.channel or "",
        letter=query.grade or "",
        worst=query.worst,
    )
    return paged(query, lambda cursor, size: grades_page(user=user, filters=filters, cursor=cursor, size=size))


@router.get(
    "/conversations/{pk}/happiness",
    response={200: ConversationHappinessOut, **ERRORS},
    operation_id="conversation_happiness",
)
def conversation_happiness(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The conversation's survey (sent, or why not), its current grade and every grade the customer gave."""
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    grade = grade_for_conversation(conversation=conversation)
    return {
        "survey": survey_for_conversation(conversation=conversation),
        "grade": grade,
        "history": [
            {"grade": c.letter, "previous": c.previous, "comment": c.comment, "created_at": c.created_at}
            for c in (grade_history(grade=grade) if grade else [])
        ],
    }
