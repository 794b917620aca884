"""Demo orders, written with their customers: most bought something; a few items are things we do not sell."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from wowdesk.demo import words
from wowdesk.demo.context import HISTORY_DAYS, OrderRef
from wowdesk.demo.rows import RowSink
from wowdesk.orders.models import Order, OrderItem

ORDER_STATUSES: tuple[str, ...] = (
    Order.Status.DELIVERED,
    Order.Status.SHIPPED,
    Order.Status.PLACED,
    Order.Status.RETURNED,
)
ORDER_STATUS_WEIGHTS = (70, 12, 8, 10)


ORDER_COLUMNS = ("id", "created_at", "updated_at", "customer_id", "number", "status", "currency", "total", "placed_at")
ITEM_COLUMNS = ("id", "order_id", "description", "sku", "quantity", "unit_price")


# Most orders one demo customer has, and most lines on one order (with one thing we do not sell).
MAX_ORDERS = 4
MAX_ITEMS = 4


def make_order(rng: random.Random, now: dt.datetime, w: RowSink, customer_id: int, number: str) -> OrderRef:
    """Write one order with its items; the ref names its first item, which conversations talk about."""
    pk = w.next_id(Order)
    total = Decimal("0.00")
    first: OrderRef | None = None
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        description, prefix, price = rng.choice(words.PRODUCTS)
        color, size = rng.choice(words.COLORS), rng.choice(words.SIZES)
        quantity, unit_price = rng.choice((1, 1, 1, 2)), Decimal(price) - Decimal("0.05")
        sku = f"{prefix}-{rng.randint(1000, 9999)}-{size.replace('.', '')}"
        w.add(OrderItem, (w.next_id(OrderItem), pk, f"{description}, {color}, size {size}", sku, quantity, unit_price))
        total += unit_price * quantity
        if first is None:
            first = OrderRef(id=pk, number=number, product=description, color=color, size=size)
    if rng.random() < 0.03:
        # A customer listed something bought elsewhere; a blank SKU marks it.
        description, price = rng.choice(words.NOT_OUR_PRODUCTS)
        w.add(OrderItem, (w.next_id(OrderItem), pk, description, "", 1, Decimal(price)))
        total += Decimal(price)
    placed = w.ts(now - dt.timedelta(minutes=rng.randint(24 * 60, (HISTORY_DAYS + 90) * 24 * 60)))
    status = rng.choices(ORDER_STATUSES, ORDER_STATUS_WEIGHTS)[0]
    w.add(Order, (pk, placed, placed, customer_id, number, status, "USD", total, placed))
    assert first is not None
    return first
