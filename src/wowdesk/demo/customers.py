"""Demo customers with contact details, rapport notes and life moments."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from wowdesk.accounts.models import User
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle
from wowdesk.demo import words
from wowdesk.demo.context import HISTORY_DAYS, CustomerRef, SeedContext
from wowdesk.demo.rows import RowWriter
from wowdesk.demo.text import ascii_slug


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
    rng: random.Random, ctx: SeedContext, w: RowWriter, index: int, moment_kind: str | None, authors: list[User]
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


def seed_customers(ctx: SeedContext) -> None:
    """Create ``options.customers`` customers in chunks; keep only small refs in memory."""
    rng = ctx.rng_for("customers")
    total = ctx.options.customers
    progress = ctx.progress("customers", total)
    kinds = list(LifeMoment.Kind.values)
    authors = [u for members in ctx.staff.members.values() for u in members]
    moments_made = 0
    chunk = ctx.chunk_for(total)
    w = RowWriter()
    _declare(w)
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        with transaction.atomic():
            for index in range(start, start + count):
                # The first customers get one moment of every kind, so even a tiny demo shows them all.
                kind = (
                    kinds[moments_made]
                    if moments_made < len(kinds)
                    else rng.choice(kinds)
                    if rng.random() < 0.12
                    else None
                )
                moments_made += kind is not None
                ctx.customers.append(_customer(rng, ctx, w, index, kind, authors))
            w.flush()
        progress.advance(count)
    w.close()
    progress.finish()
