"""API schemas for the catalogue, grants, coupons, fulfilment and huddles.

Amounts are JSON strings of decimals in the currency's own minor units
(``"384.00"``, ``"1500"`` yen): never floating-point numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from wowdesk.api.common import CustomerRefOut, Id, PageQuery, TeamRefOut, Text, UserRefOut
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import (
    AuditAction,
    CatalogueItem,
    Contribution,
    Coupon,
    Fulfilment,
    Gesture,
    Kind,
    OrderRecord,
    Reason,
    Shipment,
)
from wowdesk.gestures.money import in_minor_units
from wowdesk.gestures.selectors.fulfilment import ORDER_RECORD_VIEWS, SHIPMENT_VIEWS

# Amounts in: at most three decimal places (the service then applies the currency's own).
AmountIn = Field(None, max_digits=14, decimal_places=3, description='A decimal string, e.g. "20.00"')
CurrencyIn = Field(None, max_length=10, description="ISO 4217 code, e.g. USD; defaults to the usual one")


def _money(amount: Decimal | None, currency: str) -> Decimal | None:
    return in_minor_units(amount, currency)


class CatalogueItemOut(Schema):
    id: int
    name: str
    kind: Kind
    fulfilment: Fulfilment
    description: str
    cost: Decimal
    value: Decimal | None
    currency: str
    coupon_valid_days: int
    coupon_max_uses: int | None
    ship_within_days: int
    complete_within_days: int
    retired_at: dt.datetime | None

    @staticmethod
    def resolve_cost(obj: CatalogueItem) -> Decimal | None:
        return _money(obj.cost, obj.currency)


class CataloguePageOut(Schema):
    items: list[CatalogueItemOut]
    next_cursor: str | None


class CatalogueQuery(PageQuery):
    include_retired: bool = Field(False, description="Include retired items (still shown on past grants)")


class CatalogueItemIn(Schema):
    name: Text = Field(..., max_length=100)
    kind: Kind
    description: Text = Field("", max_length=500)
    cost: Decimal = Field(Decimal("0"), max_digits=14, decimal_places=3)
    value: Decimal | None = AmountIn
    currency: Text = Field("USD", max_length=10)
    coupon_valid_days: int = Field(365, ge=1, le=3650)
    coupon_max_uses: int | None = Field(1, ge=1, le=1_000_000, description="Empty for unlimited")
    ship_within_days: int = Field(2, ge=0, le=365)
    complete_within_days: int = Field(7, ge=0, le=365)
    position: int = Field(100, ge=0, le=100_000)


class CouponOut(Schema):
    code: str
    value: Decimal
    currency: str
    expires_at: dt.datetime
    max_uses: int | None
    uses: int
    uses_left: int | None
    state: Coupon.State

    @staticmethod
    def resolve_code(obj: Coupon) -> str:
        return obj.display_code

    @staticmethod
    def resolve_value(obj: Coupon) -> Decimal | None:
        return _money(obj.value, obj.currency)


class ShipmentOut(Schema):
    id: int
    gesture_id: int
    state: Shipment.State
    recipient: str
    address: str
    ship_by: dt.datetime
    deliver_by: dt.datetime
    due_at: dt.datetime | None
    is_overdue: bool
    carrier: str
    tracking_number: str
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    returned_at: dt.datetime | None
    next_states: list[Shipment.State]


class ShipmentPageOut(Schema):
    items: list[ShipmentOut]
    next_cursor: str | None


class OrderRefOut(Schema):
    id: int
    number: str


class OrderRecordOut(Schema):
    id: int
    gesture_id: int
    order: OrderRefOut
    order_item_id: int | None
    kind: OrderRecord.Kind
    amount: Decimal
    currency: str
    state: OrderRecord.State
    due_by: dt.datetime
    is_overdue: bool
    note: str
    completed_at: dt.datetime | None
    failed_at: dt.datetime | None
    next_states: list[OrderRecord.State]

    @staticmethod
    def resolve_amount(obj: OrderRecord) -> Decimal | None:
        return _money(obj.amount, obj.currency)


class OrderRecordPageOut(Schema):
    items: list[OrderRecordOut]
    next_cursor: str | None


class GestureOut(Schema):
    id: int
    item_id: int
    item_name: str
    kind: Kind
    fulfilment: Fulfilment
    customer: CustomerRefOut
    conversation_id: int
    granted_by: UserRefOut
    team: TeamRefOut | None
    reason: Reason
    why: str
    message: str
    description: str
    cost: Decimal
    currency: str
    value: Decimal | None
    order_id: int | None
    granted_at: dt.datetime
    state: str = Field(..., description="to_prepare, shipped, delivered, returned, issued, completed, failed, …")
    state_label: str
    coupon: CouponOut | None
    shipment: ShipmentOut | None
    order_record: OrderRecordOut | None

    @staticmethod
    def resolve_cost(obj: Gesture) -> Decimal | None:
        return _money(obj.cost, obj.currency)

    @staticmethod
    def resolve_value(obj: Gesture) -> Decimal | None:
        # A percentage keeps its own two places; money is shown in the currency's.
        if obj.kind == Kind.PERCENT_DISCOUNT or obj.value is None:
            return obj.value.quantize(Decimal("0.01")) if obj.value is not None else None
        return _money(obj.value, obj.currency)

    @staticmethod
    def resolve_state(obj: Gesture) -> str:
        return obj.state_key

    @staticmethod
    def resolve_coupon(obj: Gesture) -> Coupon | None:
        return obj.coupon_or_none

    @staticmethod
    def resolve_shipment(obj: Gesture) -> Shipment | None:
        return obj.shipment_or_none

    @staticmethod
    def resolve_order_record(obj: Gesture) -> OrderRecord | None:
        return obj.order_record_or_none


class GesturePageOut(Schema):
    items: list[GestureOut]
    next_cursor: str | None


class GestureListQuery(PageQuery):
    team_id: Id | None = None
    rep_id: Id | None = Field(None, description="Who granted it")
    kind: Kind | None = None
    reason: Reason | None = None
    month: Text | None = Field(None, max_length=7, description="YYYY-MM")
    customer_id: Id | None = None
    conversation_id: Id | None = None


class SummaryQuery(Schema):
    team_id: Id | None = None
    rep_id: Id | None = None
    kind: Kind | None = None
    reason: Reason | None = None
    month: Text | None = Field(None, max_length=7, description="YYYY-MM")
    customer_id: Id | None = None


class MonthSpendOut(Schema):
    month: str
    currency: str
    total: Decimal
    count: int


class ReasonSpendOut(Schema):
    reason: Reason
    currency: str
    total: Decimal
    count: int


class RepeatCustomerOut(Schema):
    customer: CustomerRefOut
    count: int
    last_granted_at: dt.datetime


class SummaryOut(Schema):
    by_month: list[MonthSpendOut]
    by_reason: list[ReasonSpendOut]
    repeat_customers: list[RepeatCustomerOut]


class GrantIn(Schema):
    item_id: Id
    why: Text = Field(..., max_length=500, description="Required: a few words on why")
    reason: Reason = Reason.DELIGHT
    message: Text = Field("", max_length=2000, description="Personal message or card text")
    description: Text = Field("", max_length=1000, description="Contents of a custom package")
    amount: Decimal | None = Field(
        None,
        max_digits=14,
        decimal_places=3,
        description="Coupon value, refund or discount amount, discount percentage, or what a package cost",
    )
    cost: Decimal | None = Field(None, max_digits=14, decimal_places=3, description="The real cost, if not the usual")
    currency: Text | None = CurrencyIn
    order_id: Id | None = Field(None, description="Required for refunds, replacements, discounts, shipping upgrades")
    order_item_id: Id | None = None
    recipient: Text = Field("", max_length=200)
    ship_to: Text = Field("", max_length=1000, description="Where to send a parcel; defaults to the customer's address")
    expires_at: AwareDatetime | None = Field(None, description="Coupons: when the code stops working")
    max_uses: int | None = Field(None, ge=1, le=1000, description="Coupons: how many times the code works")


class AuditOut(Schema):
    id: int
    action: AuditAction
    actor: UserRefOut | None
    from_state: str
    to_state: str
    detail: str
    data: dict[str, Any]
    created_at: dt.datetime


class AuditPageOut(Schema):
    items: list[AuditOut]
    next_cursor: str | None


class ItemRefOut(Schema):
    id: int
    name: str
    kind: Kind


class MomentOut(Schema):
    id: int
    kind: LifeMoment.Kind
    happened_on: dt.date
    note: str


class SuggestionOut(Schema):
    rule_id: int
    item: ItemRefOut
    hint: str
    why: str
    message: str
    reason: Reason
    moment: MomentOut
    occasion: dt.date
    already_granted_id: int | None


class SuggestionListOut(Schema):
    items: list[SuggestionOut]


class SidekickOut(Schema):
    user: UserRefOut
    department: str | None
    gesture_id: int
    added_at: dt.datetime


class SidekickListOut(Schema):
    items: list[SidekickOut]


class CouponRedeemIn(Schema):
    code: Text = Field(..., max_length=64, description="As the customer typed it; case, spaces and dashes ignored")
    reference: Text = Field(..., max_length=100, description="The shop's order reference; a retry reuses it")
    currency: Text | None = Field(None, max_length=10, description="The basket's currency, checked when given")


class RedemptionOut(Schema):
    coupon: CouponOut
    reference: str
    redeemed_at: dt.datetime
    replayed: bool


class ShipmentMoveIn(Schema):
    state: Shipment.State
    tracking_number: Text = Field("", max_length=100, description="Required when the state becomes shipped")
    carrier: Text = Field("", max_length=100)


class OrderRecordMoveIn(Schema):
    state: OrderRecord.State
    note: Text = Field("", max_length=500, description="Required when the state becomes failed")


class QueueQuery(PageQuery):
    view: Text = Field("open", max_length=20, description=f"One of: {', '.join(SHIPMENT_VIEWS)}")
    overdue: bool = Field(False, description="Only what is late")


class RecordQueueQuery(PageQuery):
    view: Text = Field("open", max_length=20, description=f"One of: {', '.join(ORDER_RECORD_VIEWS)}")
    overdue: bool = Field(False, description="Only what is late")


class MemberOut(Schema):
    user: UserRefOut
    department: str | None
    joined_at: dt.datetime


class ContributionOut(Schema):
    id: int
    author: UserRefOut
    kind: Contribution.Kind
    description: str
    created_at: dt.datetime


class HuddleOut(Schema):
    id: int
    gesture_id: int
    purpose: str
    opened_by: UserRefOut
    opened_at: dt.datetime
    members: list[MemberOut]
    contributions: list[ContributionOut]
    sidekicks: list[UserRefOut]


class HuddleOpenIn(Schema):
    purpose: Text = Field(..., max_length=500)


class HuddleInviteIn(Schema):
    user_id: Id


class ContributionIn(Schema):
    kind: Contribution.Kind
    description: Text = Field(..., max_length=500)
