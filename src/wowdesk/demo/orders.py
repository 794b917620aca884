"""Demo orders: most customers bought something; a few items are things we do not sell."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import reset_queries, transaction

from wowdesk.demo import words
from wowdesk.demo.context import HISTORY_DAYS, OrderRef, SeedContext
from wowdesk.orders.models import Order, OrderItem

ORDER_STATUSES: tuple[str, ...] = (
    Order.Status.DELIVERED,
    Order.Status.SHIPPED,
    Order.Status.PLACED,
    Order.Status.RETURNED,
)
ORDER_STATUS_WEIGHTS = (70, 12, 8, 10)


def _items(rng: random.Random) -> tuple[list[OrderItem], OrderRef | None]:
    items = []
    first: OrderRef | None = None
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        description, prefix, price = rng.choice(words.PRODUCTS)
        color, size = rng.choice(words.COLORS), rng.choice(words.SIZES)
        items.append(
            OrderItem(
                description=f"{description}, {color}, size {size}",
                sku=f"{prefix}-{rng.randint(1000, 9999)}-{size.replace('.', '')}",
                quantity=rng.choice((1, 1, 1, 2)),
                unit_price=Decimal(price) - Decimal("0.05"),
            )
        )
        if first is None:
            first = OrderRef(id=0, number="", product=description, color=color, size=size)
    if rng.random() < 0.03:
        # A customer listed something bought elsewhere; a blank SKU marks it.
        description, price = rng.choice(words.NOT_OUR_PRODUCTS)
        items.append(OrderItem(description=description, sku="", quantity=1, unit_price=Decimal(price)))
    return items, first


def seed_orders(ctx: SeedContext) -> None:
    rng = ctx.rng_for("orders")
    progress = ctx.progress("customers' orders", len(ctx.customers))
    chunk = ctx.chunk_for(len(ctx.customers))
    for start in range(0, len(ctx.customers), chunk):
        customers = ctx.customers[start : start + chunk]
        with transaction.atomic():
            orders: list[Order] = []
            lines: list[list[OrderItem]] = []
            refs: list[tuple[int, OrderRef]] = []
            for customer in customers:
                for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
                    items, first = _items(rng)
                    assert first is not None
                    placed = ctx.now - dt.timedelta(minutes=rng.randint(24 * 60, (HISTORY_DAYS + 90) * 24 * 60))
                    orders.append(
                        Order(
                            customer_id=customer.id,
                            number=ctx.order_number(),
                            status=rng.choices(ORDER_STATUSES, ORDER_STATUS_WEIGHTS)[0],
                            total=sum((i.unit_price * i.quantity for i in items), Decimal("0.00")),
                            placed_at=placed,
                            created_at=placed,
                        )
                    )
                    lines.append(items)
                    refs.append((customer.id, first))
            Order.objects.bulk_create(orders, batch_size=1000)
            all_items = []
            for order, items, (customer_id, ref) in zip(orders, lines, refs, strict=True):
                for item in items:
                    item.order = order
                all_items.extend(items)
                ctx.orders_by_customer.setdefault(customer_id, []).append(
                    OrderRef(id=order.pk, number=order.number, product=ref.product, color=ref.color, size=ref.size)
                )
            OrderItem.objects.bulk_create(all_items, batch_size=1000)
        reset_queries()
        progress.advance(len(customers))
    progress.finish()
