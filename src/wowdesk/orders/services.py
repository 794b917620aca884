"""Writes for orders and problem reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation, EventType
from wowdesk.conversations.services import conversation_record_event
from wowdesk.core.errors import field_error
from wowdesk.core.validation import validate
from wowdesk.customers.models import Customer
from wowdesk.orders.models import Order, OrderItem, ProblemReport

# ISO 4217 codes the product accepts; extend here when a shop sells in more.
CURRENCIES = frozenset({"USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "NZD", "MXN"})


@dataclass(frozen=True)
class ItemInput:
    description: str
    unit_price: Decimal | str | float
    quantity: int = 1
    sku: str = ""


def _money(value: Decimal | str | float, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, "Not a number.") from exc
    if not amount.is_finite():
        raise field_error(field, "Not a number.")
    if amount < 0:
        raise field_error(field, "Must not be negative.")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def order_create(
    *,
    customer: Customer,
    number: str,
    items: Sequence[ItemInput],
    currency: str = "USD",
    status: str = Order.Status.PLACED,
    placed_at: dt.datetime | None = None,
) -> Order:
    currency = currency.upper()
    if currency not in CURRENCIES:
        raise field_error("currency", f"Unknown currency {currency!r}.")
    if not items:
        raise field_error("items", "An order needs at least one item.")
    order = Order(
        customer=customer,
        number=number.strip(),
        currency=currency,
        status=status,
        placed_at=placed_at or timezone.now(),
    )
    rows = []
    for i, item in enumerate(items):
        if item.quantity < 1:
            raise field_error(f"items[{i}].quantity", "Must be at least 1.")
        rows.append(
            OrderItem(
                description=item.description.strip(),
                sku=item.sku.strip(),
                quantity=item.quantity,
                unit_price=_money(item.unit_price, f"items[{i}].unit_price"),
            )
        )
    order.total = sum((r.line_total for r in rows), Decimal("0.00"))
    validate(order, exclude=["customer"])
    order.save()
    for i, row in enumerate(rows):
        row.order = order
        try:
            validate(row, exclude=["order"])
        except Exception as exc:  # re-key errors to the item's position
            raise field_error(f"items[{i}]", "; ".join(getattr(exc, "messages", [str(exc)]))) from exc
    OrderItem.objects.bulk_create(rows)
    return order


@transaction.atomic
def order_set_status(*, order: Order, status: str) -> Order:
    if status not in Order.Status.values:
        raise field_error("status", f"Choose one of: {', '.join(Order.Status.values)}.")
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    return order


@transaction.atomic
def problem_report_create(
    *, actor: User, order: Order, conversation: Conversation, kind: str, description: str = ""
) -> ProblemReport:
    """Record a problem with an order, raised in ``conversation``."""
    if conversation.customer_id != order.customer_id:
        raise field_error("order", "This order belongs to another customer.")
    report = ProblemReport(
        order=order, conversation=conversation, kind=kind, description=description.strip(), reported_by=actor
    )
    validate(report, exclude=["order", "conversation", "reported_by"])
    report.save()
    if (
        kind in (ProblemReport.Kind.LOST_IN_TRANSIT, ProblemReport.Kind.NEVER_ARRIVED)
        and order.status != Order.Status.LOST
    ):
        order.status = Order.Status.LOST
        order.save(update_fields=["status", "updated_at"])
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        event_type=EventType.PROBLEM_REPORTED,
        body=f"{report.get_kind_display()} on order {order.number}",
        data={"order": order.pk, "problem": report.pk},
    )
    return report
