"""JSON API for reading lists of legends."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.legends import selectors, services
from wowdesk.legends.permissions import can_curate
from wowdesk.legends.schemas import (
    ReadingItemIn,
    ReadingListDetailOut,
    ReadingListIn,
    ReadingListOut,
    ReadingListPageOut,
    ReadingMoveIn,
    reading_detail,
)

router = Router()


@router.get(
    "/legend-reading-lists",
    response={200: ReadingListPageOut, **ERRORS},
    operation_id="reading_list_list",
    tags=["reading lists"],
)
def reading_list_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Every reading list, those for new hires first."""
    user = actor(request)
    return paged(page, lambda cursor, size: selectors.reading_lists_page(user=user, cursor=cursor, size=size))


def _curator(request: HttpRequest) -> Any:
    user = actor(request)
    if not can_curate(user):
        raise PermissionDenied("Only leads and admins curate reading lists.")
    return user


def _reading(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = actor(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    return reading_detail(found, selectors.reading_progress(user=user, reading_list=found))


@router.post(
    "/legend-reading-lists",
    response={201: ReadingListOut, **ERRORS},
    operation_id="reading_list_create",
    tags=["reading lists"],
)
def reading_list_create(request: HttpRequest, payload: ReadingListIn) -> Status[dict[str, Any]]:
    created = services.reading_list_create(actor=_curator(request), **payload.dict())
    return Status(201, _reading(request, created.pk))


@router.get(
    "/legend-reading-lists/{pk}",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_get",
    tags=["reading lists"],
)
def reading_list_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The list's published legends in order, each marked read or not by you."""
    return _reading(request, pk)


@router.put(
    "/legend-reading-lists/{pk}",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_update",
    tags=["reading lists"],
)
def reading_list_update(request: HttpRequest, pk: PathId, payload: ReadingListIn) -> dict[str, Any]:
    user = _curator(request)
    services.reading_list_update(
        actor=user, reading_list=selectors.reading_list_get_for_user(user=user, pk=pk), **payload.dict()
    )
    return _reading(request, pk)


@router.post(
    "/legend-reading-lists/{pk}/items",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_add",
    tags=["reading lists"],
)
def reading_list_add(request: HttpRequest, pk: PathId, payload: ReadingItemIn) -> dict[str, Any]:
    user = _curator(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    legend = referenced("legend_id", lambda: selectors.legend_get_for_user(user=user, pk=payload.legend_id))
    services.reading_list_add(actor=user, reading_list=found, legend=legend, note=payload.note)
    return _reading(request, pk)


@router.delete(
    "/legend-reading-lists/{pk}/items/{legend_id}",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_remove",
    tags=["reading lists"],
)
def reading_list_remove(request: HttpRequest, pk: PathId, legend_id: PathId) -> dict[str, Any]:
    user = _curator(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    services.reading_list_remove(
        actor=user, reading_list=found, legend=selectors.legend_get_for_user(user=user, pk=legend_id)
    )
    return _reading(request, pk)


@router.post(
    "/legend-reading-lists/{pk}/items/{legend_id}/move",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_move",
    tags=["reading lists"],
)
def reading_list_move(request: HttpRequest, pk: PathId, legend_id: PathId, payload: ReadingMoveIn) -> dict[str, Any]:
    user = _curator(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    legend = selectors.legend_get_for_user(user=user, pk=legend_id)
    services.reading_list_move(actor=user, reading_list=found, legend=legend, up=payload.up)
    return _reading(request, pk)
