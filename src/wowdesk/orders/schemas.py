"""API schemas for orders, their items and problem reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import AwareDatetime

from wowdesk.api.common import Id, Text, UserRefOut
from wowdesk.orders.models import Order, ProblemReport

# PositiveIntegerField is a 32-bit column on PostgreSQL.
MAX_QUANTITY = 2**31 - 1


class OrderItemIn(Schema):
    description: Text = Field(..., max_length=200)
    sku: Text = Field("", max_length=40, description="Leave blank for something the company does not sell")
    quantity: int = Field(1, ge=1, le=MAX_QUANTITY)
    unit_price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)


class OrderCreateIn(Schema):
    number: Text = Field(..., max_length=40)
    currency: Text = Field("USD", max_length=3, description="ISO 4217 code")
    status: Order.Status = Order.Status.PLACED
    placed_at: AwareDatetime | None = Field(None, description="Defaults to now; needs a time zone offset")
    items: list[OrderItemIn] = Field(..., max_length=200)


class OrderItemOut(Schema):
    id: int
    description: str
    sku: str
    sold_by_us: bool
    quantity: int
    unit_price: Decimal
    line_total: Decimal


class OrderProblemOut(Schema):
    id: int
    kind: ProblemReport.Kind
    description: str
    conversation_id: int
    reported_by: UserRefOut
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class OrderOut(Schema):
    id: int
    customer_id: int
    number: str
    status: Order.Status
    currency: str
    total: Decimal
    placed_at: dt.datetime
    created_at: dt.datetime
    items: list[OrderItemOut]
    problems: list[OrderProblemOut]


class OrderPageOut(Schema):
    items: list[OrderOut]
    next_cursor: str | None


class OrderStatusIn(Schema):
    status: Order.Status


class OrderRefOut(Schema):
    id: int
    number: str


class ProblemReportIn(Schema):
    order_id: Id
    kind: ProblemReport.Kind
    description: Text = Field("", max_length=4000)


class ProblemReportOut(Schema):
    id: int
    order: OrderRefOut
    kind: ProblemReport.Kind
    description: str
    conversation_id: int
    reported_by: UserRefOut
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class ProblemReportPageOut(Schema):
    items: list[ProblemReportOut]
    next_cursor: str | None
