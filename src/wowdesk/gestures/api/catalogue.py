"""The gesture catalogue: everyone reads it, admins add to it and retire from it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, paged
from wowdesk.api.errors import ERRORS
from wowdesk.gestures import selectors, services
from wowdesk.gestures.models import CatalogueItem
from wowdesk.gestures.permissions import can_manage_catalogue
from wowdesk.gestures.schemas import CatalogueItemIn, CatalogueItemOut, CataloguePageOut, CatalogueQuery

router = Router(tags=["gesture catalogue"])


def _admin(request: HttpRequest) -> None:
    if not can_manage_catalogue(actor(request)):
        raise PermissionDenied(_("Only admins change the catalogue; anyone may grant from it."))


@router.get("/gesture-catalogue", response={200: CataloguePageOut, **ERRORS}, operation_id="gesture_catalogue_list")
def catalogue_list(request: HttpRequest, query: Query[CatalogueQuery]) -> dict[str, Any]:
    """What a rep can grant, in the order the grant form shows it."""
    return paged(
        query,
        lambda cursor, size: selectors.catalogue_page(include_retired=query.include_retired, cursor=cursor, size=size),
    )


@router.get("/gesture-catalogue/{pk}", response={200: CatalogueItemOut, **ERRORS}, operation_id="gesture_catalogue_get")
def catalogue_get(request: HttpRequest, pk: PathId) -> CatalogueItem:
    actor(request)
    return selectors.catalogue_item_get(pk=pk)


@router.post("/gesture-catalogue", response={201: CatalogueItemOut, **ERRORS}, operation_id="gesture_catalogue_create")
def catalogue_create(request: HttpRequest, payload: CatalogueItemIn) -> Status[CatalogueItem]:
    """Admins only."""
    _admin(request)
    item = services.catalogue_item_create(**payload.model_dump())
    return Status(201, item)


@router.post(
    "/gesture-catalogue/{pk}/retire",
    response={200: CatalogueItemOut, **ERRORS},
    operation_id="gesture_catalogue_retire",
)
def catalogue_retire(request: HttpRequest, pk: PathId) -> CatalogueItem:
    """Admins only. Past grants keep the item; it leaves the grant form."""
    _admin(request)
    with transaction.atomic():
        item = services.catalogue_item_retire(item=selectors.catalogue_item_get(pk=pk))
    return item
