"""JSON API for orders and the problems reported on them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.api import reads
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.customers.selectors import customer_get_for_user
from wowdesk.orders import selectors, services
from wowdesk.orders.models import Order, ProblemReport
from wowdesk.orders.schemas import (
    OrderCreateIn,
    OrderOut,
    OrderPageOut,
    OrderStatusIn,
    ProblemReportIn,
    ProblemReportOut,
    ProblemReportPageOut,
)

router = Router(tags=["orders"])


@router.get("/customers/{pk}/orders", response={200: OrderPageOut, **ERRORS}, operation_id="order_list")
def order_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """The customer's orders, newest first, with their items and problem reports."""
    user = actor(request)
    customer = customer_get_for_user(user=user, pk=pk)
    return paged(
        page,
        lambda cursor, size: selectors.orders_page_for_customer(user=user, customer=customer, cursor=cursor, size=size),
    )


@router.post("/customers/{pk}/orders", response={201: OrderOut, **ERRORS}, operation_id="order_create")
def order_create(request: HttpRequest, pk: PathId, payload: OrderCreateIn) -> Status[Order]:
    """Record an order; items without a SKU are things the company does not sell."""
    user = actor(request)
    with transaction.atomic():
        customer = customer_get_for_user(user=user, pk=pk)
        order = services.order_create(
            customer=customer,
            number=payload.number,
            currency=payload.currency,
            status=payload.status,
            placed_at=payload.placed_at,
            items=[
                services.ItemInput(
                    description=item.description, sku=item.sku, quantity=item.quantity, unit_price=item.unit_price
                )
                for item in payload.items
            ],
        )
    return Status(201, selectors.order_detail(user=user, pk=order.pk))


@router.get("/orders/{pk}", response={200: OrderOut, **ERRORS}, operation_id="order_get")
def order_get(request: HttpRequest, pk: PathId) -> Order:
    return selectors.order_detail(user=actor(request), pk=pk)


@router.post("/orders/{pk}/status", response={200: OrderOut, **ERRORS}, operation_id="order_set_status")
def order_set_status(request: HttpRequest, pk: PathId, payload: OrderStatusIn) -> Order:
    user = actor(request)
    with transaction.atomic():
        order = selectors.order_get_for_user(user=user, pk=pk)
        services.order_set_status(order=order, status=payload.status)
    return selectors.order_detail(user=user, pk=pk)


@router.get(
    "/conversations/{pk}/problem-reports",
    response={200: ProblemReportPageOut, **ERRORS},
    operation_id="problem_report_list",
)
def problem_report_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    return paged(
        page, lambda cursor, size: reads.problem_reports_page(conversation=conversation, cursor=cursor, size=size)
    )


@router.post(
    "/conversations/{pk}/problem-reports",
    response={201: ProblemReportOut, **ERRORS},
    operation_id="problem_report_create",
)
def problem_report_create(request: HttpRequest, pk: PathId, payload: ProblemReportIn) -> Status[ProblemReport]:
    """Report a problem with one of the conversation's customer's orders."""
    user = actor(request)
    with transaction.atomic(), fields_renamed({"order": "order_id"}):
        conversation = conversation_get_for_user(user=user, pk=pk)
        order = referenced("order_id", lambda: selectors.order_get_for_user(user=user, pk=payload.order_id))
        report = services.problem_report_create(
            actor=user, order=order, conversation=conversation, kind=payload.kind, description=payload.description
        )
    return Status(201, report)
