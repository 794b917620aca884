"""Staff endpoints for secret polls. No endpoint returns anything about who answered what."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.accounts.models import Department
from wowdesk.accounts.selectors import department_list
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged
from wowdesk.api.errors import ERRORS
from wowdesk.core.errors import field_error
from wowdesk.happiness.models import Poll
from wowdesk.happiness.schemas import PollAnsweredOut, PollAnswerIn, PollIn, PollOut, PollPageOut, PollResultsOut
from wowdesk.happiness.selectors import poll_get_for_user, poll_results, polls_page
from wowdesk.happiness.services import poll_answer, poll_close, poll_create

router = Router(tags=["polls"])


def _departments(ids: list[int]) -> list[Department]:
    found = list(department_list().filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise field_error("department_ids", "No such department.")
    return found


@router.get("/polls", response={200: PollPageOut, **ERRORS}, operation_id="poll_list")
def poll_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Polls addressed to you (leads and admins: all of them), newest first."""
    user = actor(request)
    return paged(query, lambda cursor, size: polls_page(user=user, cursor=cursor, size=size))


@router.post("/polls", response={201: PollOut, **ERRORS}, operation_id="poll_create")
def poll_create_endpoint(request: HttpRequest, payload: PollIn) -> Status[Poll]:
    """Leads and admins only (**403** otherwise). No ``department_ids``: all staff are asked."""
    user = actor(request)
    poll = poll_create(
        actor=user,
        question=payload.question,
        departments=_departments(payload.department_ids),
        closes_at=payload.closes_at,
    )
    return Status(201, poll_get_for_user(user=user, pk=poll.pk))


@router.get("/polls/{pk}", response={200: PollOut, **ERRORS}, operation_id="poll_get")
def poll_get(request: HttpRequest, pk: PathId) -> Poll:
    return poll_get_for_user(user=actor(request), pk=pk)


@router.post("/polls/{pk}/answers", response={201: PollAnsweredOut, **ERRORS}, operation_id="poll_answer")
def poll_answer_endpoint(request: HttpRequest, pk: PathId, payload: PollAnswerIn) -> Status[dict[str, int]]:
    """Answer once, anonymously. A second answer is a **422** on ``poll``; nothing identifies the ballot."""
    user = actor(request)
    poll = poll_get_for_user(user=user, pk=pk)
    poll_answer(actor=user, poll=poll, letter=payload.grade, comment=payload.comment)
    return Status(201, {"answers": poll_get_for_user(user=user, pk=pk).answers})


@router.get("/polls/{pk}/results", response={200: PollResultsOut, **ERRORS}, operation_id="poll_results")
def poll_results_endpoint(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The distribution and the comments, once at least five people answered (**403** before that)."""
    results = poll_results(poll=poll_get_for_user(user=actor(request), pk=pk))
    return {
        "poll_id": results.poll.pk,
        "answers": results.total,
        "counts": results.counts,
        "shares": results.shares,
        "good_share": results.good_share,
        "bad_share": results.bad_share,
        "comments": results.comments,
    }


@router.post("/polls/{pk}/close", response={200: PollOut, **ERRORS}, operation_id="poll_close")
def poll_close_endpoint(request: HttpRequest, pk: PathId) -> Poll:
    user = actor(request)
    poll_close(actor=user, poll=poll_get_for_user(user=user, pk=pk))
    return poll_get_for_user(user=user, pk=pk)
