"""Granting a gesture: one call, no approval, everything recorded.

``gesture_grant`` is the only way a gesture comes to exist (the web form,
the API and the demo's stories all go through the same rules). In one
transaction it writes the grant, what fulfils it (a coupon, a record
against the order, a parcel in the fulfilment queue), the audit record and
the event on the conversation's timeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import field_error
from wowdesk.gestures.models import AuditAction, CatalogueItem, Gesture, Kind, OrderRecord, Reason, Shipment
from wowdesk.gestures.models.catalogue import ORDER_KINDS, SHIPPED_KINDS
from wowdesk.gestures.money import MINOR_UNITS, check_currency, in_minor_units, parse_amount, parse_percent
from wowdesk.gestures.services.audit import audit_record, timeline_note
from wowdesk.gestures.services.coupons import coupon_issue
from wowdesk.gestures.services.rollups import gesture_rollups_add
from wowdesk.orders.models import Order, OrderItem

MAX_WHY = 500
MAX_MESSAGE = 2000
MAX_DESCRIPTION = 1000
MAX_ADDRESS = 1000
MAX_KEY = 255
MAX_COUPON_USES = 1000
MAX_COUPON_YEARS = 5

RECORD_KIND: dict[str, str] = {
    Kind.REFUND: OrderRecord.Kind.REFUND,
    Kind.PERCENT_DISCOUNT: OrderRecord.Kind.DISCOUNT,
    Kind.FIXED_DISCOUNT: OrderRecord.Kind.DISCOUNT,
    Kind.REPLACEMENT: OrderRecord.Kind.REPLACEMENT,
    Kind.SHIPPING_UPGRADE: OrderRecord.Kind.SHIPPING_UPGRADE,
}

type AmountIn = Decimal | str | int


@dataclass(frozen=True)
class Granted:
    """The gesture, and whether this call only found the one an earlier call with the same key made."""

    gesture: Gesture
    replayed: bool


@dataclass
class _Plan:
    """What the grant will write, worked out before anything is written."""

    value: Decimal | None
    cost: Decimal
    currency: str
    record_amount: Decimal | None = None


def _text(value: str, *, field: str, limit: int, required: bool = False, message: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise field_error(field, message or "Required.")
    if len(text) > limit:
        raise field_error(field, f"At most {limit:,} characters.")
    return text


def _fingerprint(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def _money_left(order: Order) -> Decimal:
    """What can still be given back on ``order``. Precondition: the order row is locked."""
    given = OrderRecord.objects.filter(
        order=order, kind__in=OrderRecord.MONEY_BACK, state__in=[OrderRecord.State.ISSUED, OrderRecord.State.COMPLETED]
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return max(order.total - given, Decimal("0"))


def _check_order(conversation: Conversation, order: Order | None, order_item: OrderItem | None, kind: str) -> None:
    if kind in ORDER_KINDS and order is None:
        raise field_error("order", f"Choose the order this {Kind(kind).label.lower()} applies to.")
    if order is not None and order.customer_id != conversation.customer_id:
        raise field_error("order", "This order belongs to another customer.")
    if order_item is not None and (order is None or order_item.order_id != order.pk):
        raise field_error("order_item", "This item is not on the chosen order.")


def _order_currency(order: Order, currency: str | None) -> str:
    if currency is not None and check_currency(currency) != order.currency:
        raise field_error("currency", f"Order {order.number} is in {order.currency}; give the amount in that currency.")
    return order.currency


def _plan(
    *,
    item: CatalogueItem,
    amount: AmountIn | None,
    cost: AmountIn | None,
    currency: str | None,
    order: Order | None,
    order_item: OrderItem | None,
) -> _Plan:
    """Value, cost and currency by kind. ``order`` is locked by the caller for the kinds that give money back."""
    kind = item.kind
    if order is not None and kind in ORDER_KINDS:
        curr = _order_currency(order, currency)
    else:
        curr = check_currency(currency) if currency is not None else item.currency

    def money(value: AmountIn, field: str, *, allow_zero: bool = True) -> Decimal:
        return parse_amount(value, currency=curr, field=field, allow_zero=allow_zero)

    explicit_cost = money(cost, "cost") if cost is not None else None
    if kind == Kind.COUPON:
        if amount is None and item.value is None:
            raise field_error("amount", "Give the coupon's value.")
        value = money(amount if amount is not None else item.value or 0, "amount", allow_zero=False)
        return _Plan(value=value, cost=explicit_cost if explicit_cost is not None else value, currency=curr)
    if kind in (Kind.GIFT, Kind.SHIPPING_UPGRADE, Kind.CUSTOM_PACKAGE):
        # For these "amount" is what it cost; a stated cost wins over the catalogue's typical cost.
        stated = explicit_cost if explicit_cost is not None else money(amount, "amount") if amount is not None else None
        spent = stated if stated is not None else money(item.cost, "cost")
        record = spent if kind == Kind.SHIPPING_UPGRADE else None
        return _Plan(value=None, cost=spent, currency=curr, record_amount=record)
    assert order is not None  # _check_order guarantees one for the remaining kinds
    if kind == Kind.REPLACEMENT:
        default = order_item.line_total if order_item is not None else item.cost
        value = money(amount if amount is not None else default, "amount")
        spent = explicit_cost if explicit_cost is not None else (money(item.cost, "cost") if item.cost else value)
        return _Plan(value=value, cost=spent, currency=curr, record_amount=value)
    left = _money_left(order)
    if kind == Kind.PERCENT_DISCOUNT:
        if amount is None and item.value is None:
            raise field_error("amount", "Give the discount percentage.")
        percent = parse_percent(amount if amount is not None else item.value or 0)
        quantum = Decimal(1).scaleb(-MINOR_UNITS[curr])
        back = (order.total * percent / 100).quantize(quantum, rounding=ROUND_HALF_UP)
        value = percent
    elif kind == Kind.FIXED_DISCOUNT:
        if amount is None and item.value is None:
            raise field_error("amount", "Give the discount amount.")
        back = value = money(amount if amount is not None else item.value or 0, "amount", allow_zero=False)
    else:  # refund: full by default, of the item when one is named, else of what is left of the order
        default = min(order_item.line_total, left) if order_item is not None else left
        back = value = money(amount if amount is not None else default, "amount", allow_zero=False)
        if order_item is not None and back > order_item.line_total:
            raise field_error(
                "amount", f"A refund of {back} {curr} is more than this item cost ({order_item.line_total} {curr})."
            )
    if back > left:
        shown = in_minor_units(order.total, curr)
        raise field_error(
            "amount",
            f"{back} {curr} is more than is left to give back on order {order.number} "
            f"({in_minor_units(left, curr)} of {shown} {curr}).",
        )
    return _Plan(
        value=value, cost=explicit_cost if explicit_cost is not None else back, currency=curr, record_amount=back
    )


def _coupon_terms(
    item: CatalogueItem, *, now: dt.datetime, expires_at: dt.datetime | None, max_uses: int | None
) -> tuple[dt.datetime, int | None]:
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            raise field_error("expires_at", "Give a time zone with the expiry.")
        if expires_at <= now:
            raise field_error("expires_at", "The expiry must be in the future.")
        if expires_at > now + dt.timedelta(days=366 * MAX_COUPON_YEARS):
            raise field_error("expires_at", f"At most {MAX_COUPON_YEARS} years from now.")
    if max_uses is not None and not 1 <= max_uses <= MAX_COUPON_USES:
        raise field_error("max_uses", f"Between 1 and {MAX_COUPON_USES}.")
    return (
        expires_at or now + dt.timedelta(days=item.coupon_valid_days),
        max_uses if max_uses is not None else item.coupon_max_uses,
    )


def _replay(existing: Gesture, fingerprint: str) -> Granted:
    if existing.request_fingerprint != fingerprint:
        raise field_error(
            "idempotency_key", "This key was already used for a different gesture; send a new key for a new request."
        )
    return Granted(gesture=existing, replayed=True)


@transaction.atomic
def gesture_grant(
    *,
    actor: User,
    conversation: Conversation,
    item: CatalogueItem,
    why: str,
    reason: str = Reason.DELIGHT,
    message: str = "",
    description: str = "",
    amount: AmountIn | None = None,
    cost: AmountIn | None = None,
    currency: str | None = None,
    order: Order | None = None,
    order_item: OrderItem | None = None,
    recipient: str = "",
    ship_to: str = "",
    expires_at: dt.datetime | None = None,
    max_uses: int | None = None,
    idempotency_key: str = "",
) -> Granted:
    """Grant ``item`` to the conversation's customer, on the spot.

    No approval and no limit: any active staff member in any department may
    grant anything in the catalogue. The only requirement is a short
    ``why``. Precondition: the caller resolved ``conversation`` with the
    permission-checked getter.

    ``idempotency_key`` makes a retry safe: a second call by the same person
    with the same key and the same request returns the first gesture and
    writes nothing; the same key with a different request is refused. The
    key is stored on the row under a unique constraint, so two concurrent
    calls with one key still create one gesture.
    """
    key = _text(idempotency_key, field="idempotency_key", limit=MAX_KEY)
    fingerprint = _fingerprint(
        {
            "conversation": conversation.pk,
            "item": item.pk,
            "why": why,
            "reason": reason,
            "message": message,
            "description": description,
            "amount": amount,
            "cost": cost,
            "currency": currency,
            "order": order.pk if order else None,
            "order_item": order_item.pk if order_item else None,
            "recipient": recipient,
            "ship_to": ship_to,
            "expires_at": expires_at.isoformat() if expires_at else None,
            "max_uses": max_uses,
        }
    )
    if key:
        existing = Gesture.objects.filter(granted_by=actor, idempotency_key=key).first()
        if existing is not None:
            return _replay(existing, fingerprint)

    if not actor.is_active:
        raise field_error("actor", "This account is not active.")
    customer = conversation.customer
    if customer.merged_into_id is not None:
        raise field_error("customer", "This customer was merged; grant on the surviving record.")
    if item.is_retired:
        raise field_error("item", "This gesture was retired from the catalogue; choose another.")
    why = _text(why, field="why", limit=MAX_WHY, required=True, message="Say in a few words why.")
    if reason not in Reason.values:
        raise field_error("reason", f"Choose one of: {', '.join(Reason.values)}.")
    message = _text(message, field="message", limit=MAX_MESSAGE)
    description = _text(
        description,
        field="description",
        limit=MAX_DESCRIPTION,
        required=item.kind == Kind.CUSTOM_PACKAGE,
        message="Describe what goes in the package.",
    )
    _check_order(conversation, order, order_item, item.kind)
    if order is not None and item.kind in ORDER_KINDS:
        # Serialise grants against one order, so two refunds cannot both fit in what is left.
        order = Order.objects.select_for_update().get(pk=order.pk)
    plan = _plan(item=item, amount=amount, cost=cost, currency=currency, order=order, order_item=order_item)
    now = timezone.now()
    if item.kind == Kind.COUPON:
        coupon_expiry, coupon_uses = _coupon_terms(item, now=now, expires_at=expires_at, max_uses=max_uses)
    if item.kind in SHIPPED_KINDS:
        recipient = _text(recipient, field="recipient", limit=200) or customer.name
        address = _text(ship_to, field="ship_to", limit=MAX_ADDRESS) or customer.postal_address
        if not address:
            raise field_error("ship_to", "This customer has no postal address on file; say where to send it.")

    gesture = Gesture(
        item=item,
        item_name=item.name,
        kind=item.kind,
        customer=customer,
        conversation=conversation,
        granted_by=actor,
        team_id=actor.team_id,
        department_id=actor.department_id,
        reason=reason,
        why=why,
        message=message,
        description=description,
        cost=plan.cost,
        currency=plan.currency,
        value=plan.value,
        order=order,
        granted_at=now,
        idempotency_key=key,
        request_fingerprint=fingerprint if key else "",
    )
    try:
        with transaction.atomic():
            gesture.save()
    except IntegrityError:
        # Another request with the same key got there first (and has committed).
        existing = Gesture.objects.filter(granted_by=actor, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    gesture_rollups_add(gesture=gesture)

    fulfilled: dict[str, Any] = {}
    if item.kind == Kind.COUPON:
        assert plan.value is not None
        coupon = coupon_issue(
            gesture=gesture, value=plan.value, currency=plan.currency, expires_at=coupon_expiry, max_uses=coupon_uses
        )
        fulfilled["coupon"] = coupon.pk
    if item.kind in RECORD_KIND:
        assert order is not None
        assert plan.record_amount is not None
        record = OrderRecord.objects.create(
            gesture=gesture,
            order=order,
            order_item=order_item,
            kind=RECORD_KIND[item.kind],
            amount=plan.record_amount,
            currency=plan.currency,
            due_by=now + dt.timedelta(days=item.complete_within_days),
            created_at=now,
            updated_at=now,
        )
        fulfilled["order_record"] = record.pk
    if item.kind in SHIPPED_KINDS:
        ship_by = now + dt.timedelta(days=item.ship_within_days)
        shipment = Shipment.objects.create(
            gesture=gesture,
            recipient=recipient,
            address=address,
            ship_by=ship_by,
            deliver_by=max(now + dt.timedelta(days=item.complete_within_days), ship_by),
            created_at=now,
            updated_at=now,
        )
        fulfilled["shipment"] = shipment.pk
    shown_cost = f"{in_minor_units(plan.cost, plan.currency)} {plan.currency}"
    audit_record(
        gesture=gesture,
        action=AuditAction.GRANTED,
        actor=actor,
        to_state=gesture.state_key,
        detail=f"{item.name} ({shown_cost}): {why}",
        data={"cost": str(plan.cost), "currency": plan.currency, "reason": reason, **fulfilled},
    )
    timeline_note(gesture=gesture, actor=actor, body=f"{item.name} ({shown_cost}): {why}", granted=True)
    return Granted(gesture=gesture, replayed=False)
