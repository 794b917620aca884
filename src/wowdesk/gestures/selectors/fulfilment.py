"""Reads for the fulfilment queue: parcels to send and records against orders.

Open items are listed by when they are due, soonest (and so most overdue)
first; finished ones by when they last changed, newest first. "Overdue" is
worked out from the clock at read time, so nothing has to run to mark it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, DateTimeField, F, Q, QuerySet, When
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.gestures.models import OrderRecord, Shipment
from wowdesk.gestures.permissions import gestures_visible_to

OPEN = "open"
SHIPMENT_VIEWS = (OPEN, *Shipment.State.values, "all")
ORDER_RECORD_VIEWS = (OPEN, *OrderRecord.State.values, "all")


@dataclass(frozen=True)
class QueueCounts:
    shipments_open: int
    shipments_overdue: int
    records_open: int
    records_overdue: int


def _shipments_visible_to(user: User) -> QuerySet[Shipment]:
    return Shipment.objects.filter(gesture__in=gestures_visible_to(user).values("pk"))


def _records_visible_to(user: User) -> QuerySet[OrderRecord]:
    return OrderRecord.objects.filter(gesture__in=gestures_visible_to(user).values("pk"))


def _shipment_overdue_q(now: dt.datetime) -> Q:
    return Q(state=Shipment.State.TO_PREPARE, ship_by__lt=now) | Q(state=Shipment.State.SHIPPED, deliver_by__lt=now)


def shipment_queue(
    *, user: User, view: str = OPEN, overdue: bool = False, cursor: str | None, size: int
) -> Page[Shipment]:
    """Parcels: ``view`` is "open" (to prepare, shipped, returned), one state, or "all"."""
    if view not in SHIPMENT_VIEWS:
        raise field_error("view", f"Choose one of: {', '.join(SHIPMENT_VIEWS)}.")
    qs = _shipments_visible_to(user).select_related("gesture__customer", "gesture__granted_by")
    if view == OPEN:
        qs = qs.filter(state__in=Shipment.OPEN_STATES)
    elif view != "all":
        qs = qs.filter(state=view)
    if overdue:
        qs = qs.filter(_shipment_overdue_q(timezone.now()))
    if view in (OPEN, Shipment.State.TO_PREPARE, Shipment.State.SHIPPED) or overdue:
        # A returned parcel needs someone now: it sorts by when it came back.
        qs = qs.annotate(
            due_key=Case(
                When(state=Shipment.State.TO_PREPARE, then=F("ship_by")),
                When(state=Shipment.State.SHIPPED, then=F("deliver_by")),
                default=F("updated_at"),
                output_field=DateTimeField(),
            )
        )
        return paginate(qs, ordering=("due_key", "id"), cursor=cursor, size=size)
    return paginate(qs, ordering=("-updated_at", "-id"), cursor=cursor, size=size)


def order_record_queue(
    *, user: User, view: str = OPEN, overdue: bool = False, cursor: str | None, size: int
) -> Page[OrderRecord]:
    """Refunds, replacements, discounts: "open" is issued or failed (a failed refund still owes the customer)."""
    if view not in ORDER_RECORD_VIEWS:
        raise field_error("view", f"Choose one of: {', '.join(ORDER_RECORD_VIEWS)}.")
    qs = _records_visible_to(user).select_related("gesture__customer", "gesture__granted_by", "order", "order_item")
    if view == OPEN:
        qs = qs.filter(state__in=[OrderRecord.State.ISSUED, OrderRecord.State.FAILED])
    elif view != "all":
        qs = qs.filter(state=view)
    if overdue:
        qs = qs.filter(state=OrderRecord.State.ISSUED, due_by__lt=timezone.now())
    if view in (OPEN, OrderRecord.State.ISSUED, OrderRecord.State.FAILED) or overdue:
        return paginate(qs, ordering=("due_by", "id"), cursor=cursor, size=size)
    return paginate(qs, ordering=("-updated_at", "-id"), cursor=cursor, size=size)


def queue_counts(*, user: User) -> QueueCounts:
    """How much is open and how much of it is late (two queries)."""
    now = timezone.now()
    shipments = (
        _shipments_visible_to(user)
        .filter(state__in=Shipment.OPEN_STATES)
        .aggregate(open=Count("id"), overdue=Count("id", filter=_shipment_overdue_q(now)))
    )
    records = (
        _records_visible_to(user)
        .filter(state__in=[OrderRecord.State.ISSUED, OrderRecord.State.FAILED])
        .aggregate(open=Count("id"), overdue=Count("id", filter=Q(state=OrderRecord.State.ISSUED, due_by__lt=now)))
    )
    return QueueCounts(
        shipments_open=shipments["open"],
        shipments_overdue=shipments["overdue"],
        records_open=records["open"],
        records_overdue=records["overdue"],
    )


def shipment_get_for_user(*, user: User, pk: int) -> Shipment:
    shipment = (
        _shipments_visible_to(user).select_related("gesture__customer", "gesture__granted_by").filter(pk=pk).first()
    )
    if shipment is None:
        raise NotFound("No such shipment.")
    return shipment


def order_record_get_for_user(*, user: User, pk: int) -> OrderRecord:
    record = (
        _records_visible_to(user)
        .select_related("gesture__customer", "gesture__granted_by", "order", "order_item")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise NotFound("No such order record.")
    return record
