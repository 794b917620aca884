"""JSON API for legend candidates: the list, one candidate, dismiss and restore."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, paged
from wowdesk.api.errors import ERRORS
from wowdesk.legends import selectors, services
from wowdesk.legends.models import Candidate
from wowdesk.legends.schemas import (
    CandidateOut,
    CandidatePageOut,
    CandidateQuery,
)

router = Router()


@router.get(
    "/legend-candidates",
    response={200: CandidatePageOut, **ERRORS},
    operation_id="legend_candidate_list",
    tags=["legend candidates"],
)
def candidate_list(request: HttpRequest, query: Query[CandidateQuery]) -> dict[str, Any]:
    """Likely legends the product found, newest evidence first, each with the reasons it was suggested."""
    user = actor(request)
    return paged(
        query,
        lambda cursor, size: selectors.candidates_page(
            user=user, state=query.state, rule=query.rule or "", cursor=cursor, size=size
        ),
    )


@router.get(
    "/legend-candidates/{pk}",
    response={200: CandidateOut, **ERRORS},
    operation_id="legend_candidate_get",
    tags=["legend candidates"],
)
def candidate_get(request: HttpRequest, pk: PathId) -> Candidate:
    return selectors.candidate_get_for_user(user=actor(request), pk=pk)


@router.post(
    "/legend-candidates/{pk}/dismiss",
    response={200: CandidateOut, **ERRORS},
    operation_id="legend_candidate_dismiss",
    tags=["legend candidates"],
)
def candidate_dismiss(request: HttpRequest, pk: PathId) -> Candidate:
    """Not a story to tell; remembered, so it is not suggested again."""
    user = actor(request)
    services.candidate_dismiss(actor=user, candidate=selectors.candidate_get_for_user(user=user, pk=pk))
    return selectors.candidate_get_for_user(user=user, pk=pk)


@router.post(
    "/legend-candidates/{pk}/restore",
    response={200: CandidateOut, **ERRORS},
    operation_id="legend_candidate_restore",
    tags=["legend candidates"],
)
def candidate_restore(request: HttpRequest, pk: PathId) -> Candidate:
    user = actor(request)
    services.candidate_restore(actor=user, candidate=selectors.candidate_get_for_user(user=user, pk=pk))
    return selectors.candidate_get_for_user(user=user, pk=pk)
