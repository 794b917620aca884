"""Demo customers with contact details, rapport notes, life moments and their orders."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.db import transaction
from django.db.models import Model

from wowdesk.accounts.models import User
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle
from wowdesk.demo import words
from wowdesk.demo.context import HISTORY_DAYS, CustomerRef, OrderRef, SeedContext
from wowdesk.demo.orders import ITEM_COLUMNS, MAX_ITEMS, MAX_ORDERS, ORDER_COLUMNS, make_order
from wowdesk.demo.parallel import ChunkPlan, in_worker, map_chunks
from wowdesk.demo.rows import RowBlock, RowSink, RowWriter
from wowdesk.demo.spool import Spool
from wowdesk.demo.text import ascii_slug
from wowdesk.orders.models import Order, OrderItem


def _when(rng: random.Random, ctx: SeedContext, max_days: int = HISTORY_DAYS) -> dt.datetime:
    return ctx.now - dt.timedelta(minutes=rng.randint(60, max_days * 24 * 60))


CUSTOMER_COLUMNS = (
    "id", "created_at", "updated_at", "name", "preferred_name", "language", "address_line1", "address_line2",
    "city", "region", "postal_code", "country", "merged_into_id",
)  # fmt: skip


def _declare(w: RowWriter) -> None:
    w.table(Customer, CUSTOMER_COLUMNS)
    w.table(CustomerEmail, ("id", "customer_id", "email", "is_primary"))
    w.table(CustomerPhone, ("id", "customer_id", "number", "label"))
    w.table(SocialHandle, ("id", "customer_id", "network", "handle"))
    w.table(RapportNote, ("id", "customer_id", "body", "author_id", "conversation_id", "created_at"))
    w.table(
        LifeMoment,
        ("id", "customer_id", "kind", "happened_on", "note", "recorded_by_id", "conversation_id", "created_at"),
    )


def _customer(
    rng: random.Random, ctx: SeedContext, w: RowSink, index: int, moment_kind: str | None, authors: list[User]
) -> CustomerRef:
    """Write one customer with their contact details, rapport notes and perhaps a life moment."""
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    city, region, country, postal = rng.choice(words.PLACES)
    name = f"{first} {last}"
    created = w.ts(_when(rng, ctx, max_days=3 * HISTORY_DAYS))
    pk = w.next_id(Customer)
    w.add(
        Customer,
        (
            pk, created, created, name,
            rng.choice(("", "", "", "", "", first[:3])) if len(first) > 4 else "", "en",
            f"{rng.randint(1, 980)} {rng.choice(words.STREETS)}", "", city, region,
            f"{postal}{rng.randint(10, 99)}", country, None,
        ),
    )  # fmt: skip
    local = ascii_slug(name)
    # The index keeps addresses unique however often names repeat.
    w.add(CustomerEmail, (w.next_id(CustomerEmail), pk, f"{local}.{index}@{rng.choice(words.EMAIL_DOMAINS)}", True))
    if rng.random() < 0.15:
        w.add(CustomerEmail, (w.next_id(CustomerEmail), pk, f"{local}.work{index}@example.com", False))
    if rng.random() < 0.7:
        number = f"+1 555 {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
        w.add(CustomerPhone, (w.next_id(CustomerPhone), pk, number, rng.choice(("mobile", "home", "work"))))
    if rng.random() < 0.1:
        handle = f"{local.replace('.', '_')}_{index}"
        w.add(SocialHandle, (w.next_id(SocialHandle), pk, rng.choice(words.SOCIAL_NETWORKS), handle))
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        rapport = (rng.choice(words.RAPPORT_NOTES), rng.choice(authors).pk, None, w.ts(_when(rng, ctx)))
        w.add(RapportNote, (w.next_id(RapportNote), pk, *rapport))
    if moment_kind is not None:
        when = _when(rng, ctx)
        note = rng.choice(words.LIFE_MOMENT_NOTES[moment_kind])
        moment = (moment_kind, w.day(when.date()), note, rng.choice(authors).pk, None, w.ts(when))
        w.add(LifeMoment, (w.next_id(LifeMoment), pk, *moment))
    return CustomerRef(id=pk, first_name=first, city=city)


# Upper bounds per customer, to size each chunk's id ranges (see ``ChunkPlan``).
PER_CUSTOMER: dict[type[Model], int] = {
    Customer: 1, CustomerEmail: 2, CustomerPhone: 1, SocialHandle: 1, RapportNote: 3, LifeMoment: 1,
    Order: MAX_ORDERS, OrderItem: MAX_ORDERS * MAX_ITEMS,
}  # fmt: skip


@dataclass(frozen=True)
class CustomerChunk:
    rows: RowBlock | Path
    customers: list[CustomerRef]
    orders: dict[int, list[OrderRef]]


def _customer_chunk(
    ctx: SeedContext,
    plan: ChunkPlan,
    sqlite: bool,
    spool: Spool | None,
    authors: list[User],
    order_base: int,
    index: int,
) -> CustomerChunk:
    """Customers ``plan.first(index)`` onwards with their orders, from the chunk's own seeded ``Random``."""
    rng = ctx.rng_for(f"customers:{index}")
    block = RowBlock(sqlite=sqlite, ranges=plan.ranges(index))
    kinds = list(LifeMoment.Kind.values)
    refs: list[CustomerRef] = []
    orders: dict[int, list[OrderRef]] = {}
    first = plan.first(index)
    for position in range(first, first + plan.items_in(index)):
        # The first customers get one moment of every kind, so even a tiny demo shows them all.
        kind = kinds[position] if position < len(kinds) else rng.choice(kinds) if rng.random() < 0.12 else None
        ref = _customer(rng, ctx, block, position, kind, authors)
        refs.append(ref)
        for n in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            number = f"WD-{order_base + position * MAX_ORDERS + n + 1}"
            orders.setdefault(ref.id, []).append(make_order(rng, ctx.now, block, ref.id, number))
    if spool is not None and in_worker():
        return CustomerChunk(spool.write(block, f"customers-{index}"), refs, orders)
    return CustomerChunk(block, refs, orders)


def seed_customers(ctx: SeedContext) -> None:
    """Create ``options.customers`` customers and their orders in chunks; keep only small refs in memory."""
    total = ctx.options.customers
    progress = ctx.progress("customers", total)
    order_progress = ctx.progress("customers' orders", total)
    authors = [u for members in ctx.staff.members.values() for u in members]
    w = RowWriter()
    _declare(w)
    w.table(Order, ORDER_COLUMNS)
    w.table(OrderItem, ITEM_COLUMNS)
    plan = ChunkPlan(
        total=total, size=ctx.chunk_for(total), bases={m: w.peek_id(m) for m in PER_CUSTOMER}, per=PER_CUSTOMER
    )
    spooling = w.sqlite and not w.connection.in_atomic_block
    spool = Spool({model: w.db_columns(model) for model in PER_CUSTOMER}) if spooling else None
    order_base = ctx.next_order_number
    job = partial(_customer_chunk, ctx, plan, w.sqlite, spool, authors, order_base)
    for index, chunk in enumerate(map_chunks(job, plan.count, workers=ctx.options.workers)):
        if isinstance(chunk.rows, Path):
            assert spool is not None
            spool.merge_one(chunk.rows)
            w.reserve(plan.ranges(index))
        else:
            with transaction.atomic():
                w.take(chunk.rows)
        ctx.customers.extend(chunk.customers)
        for customer_id, refs in chunk.orders.items():
            ctx.orders_by_customer.setdefault(customer_id, []).extend(refs)
        progress.advance(plan.items_in(index))
        order_progress.advance(plan.items_in(index))
    if spool is not None:
        spool.close()
    # Numbers up to here may be taken; later orders (the stories') come after them.
    ctx.next_order_number = order_base + total * MAX_ORDERS
    w.close()
    progress.finish()
    order_progress.finish()
