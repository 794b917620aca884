"""The fulfilment queue over JSON: parcels and records against orders, and moving them on."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router

from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, paged
from wowdesk.api.errors import ERRORS
from wowdesk.gestures import selectors, services
from wowdesk.gestures.models import OrderRecord, Shipment
from wowdesk.gestures.schemas import (
    OrderRecordMoveIn,
    OrderRecordOut,
    OrderRecordPageOut,
    QueueQuery,
    RecordQueueQuery,
    ShipmentMoveIn,
    ShipmentOut,
    ShipmentPageOut,
)

router = Router(tags=["fulfilment"])


@router.get("/fulfilment/shipments", response={200: ShipmentPageOut, **ERRORS}, operation_id="shipment_list")
def shipment_list(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, Any]:
    """Open parcels soonest-due first (late ones at the top); a state or ``all`` by last change."""
    user = actor(request)
    return paged(
        query,
        lambda cursor, size: selectors.shipment_queue(
            user=user, view=query.view, overdue=query.overdue, cursor=cursor, size=size
        ),
    )


@router.get("/fulfilment/shipments/{pk}", response={200: ShipmentOut, **ERRORS}, operation_id="shipment_get")
def shipment_get(request: HttpRequest, pk: PathId) -> Shipment:
    return selectors.shipment_get_for_user(user=actor(request), pk=pk)


@router.post("/fulfilment/shipments/{pk}/moves", response={200: ShipmentOut, **ERRORS}, operation_id="shipment_move")
def shipment_move(request: HttpRequest, pk: PathId, payload: ShipmentMoveIn) -> Shipment:
    """to_prepare → shipped (tracking number required) → delivered; shipped or delivered → returned;
    returned → shipped. Anything else is a 422 on ``state`` and changes nothing."""
    user = actor(request)
    with transaction.atomic():
        shipment = selectors.shipment_get_for_user(user=user, pk=pk)
        services.shipment_move(
            actor=user,
            shipment=shipment,
            state=payload.state,
            tracking_number=payload.tracking_number,
            carrier=payload.carrier,
        )
    return selectors.shipment_get_for_user(user=user, pk=pk)


@router.get("/fulfilment/order-records", response={200: OrderRecordPageOut, **ERRORS}, operation_id="order_record_list")
def order_record_list(request: HttpRequest, query: Query[RecordQueueQuery]) -> dict[str, Any]:
    user = actor(request)
    return paged(
        query,
        lambda cursor, size: selectors.order_record_queue(
            user=user, view=query.view, overdue=query.overdue, cursor=cursor, size=size
        ),
    )


@router.get("/fulfilment/order-records/{pk}", response={200: OrderRecordOut, **ERRORS}, operation_id="order_record_get")
def order_record_get(request: HttpRequest, pk: PathId) -> OrderRecord:
    return selectors.order_record_get_for_user(user=actor(request), pk=pk)


@router.post(
    "/fulfilment/order-records/{pk}/moves", response={200: OrderRecordOut, **ERRORS}, operation_id="order_record_move"
)
def order_record_move(request: HttpRequest, pk: PathId, payload: OrderRecordMoveIn) -> OrderRecord:
    """issued → completed or failed (a note required); failed → issued again. Completed is final."""
    user = actor(request)
    with transaction.atomic():
        record = selectors.order_record_get_for_user(user=user, pk=pk)
        services.order_record_move(actor=user, record=record, state=payload.state, note=payload.note)
    return selectors.order_record_get_for_user(user=user, pk=pk)
