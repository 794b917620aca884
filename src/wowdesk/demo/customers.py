"""Demo customers with contact details, rapport notes and life moments."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

from django.db import reset_queries, transaction

from wowdesk.accounts.models import User
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle
from wowdesk.demo import words
from wowdesk.demo.context import HISTORY_DAYS, CustomerRef, SeedContext


def ascii_slug(text: str) -> str:
    """ "Zoë Sørensen" -> "zoe.sorensen", for made-up email addresses and handles."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    kept = "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == " "))
    return ".".join(kept.lower().split())


def _when(rng: random.Random, ctx: SeedContext, max_days: int = HISTORY_DAYS) -> dt.datetime:
    return ctx.now - dt.timedelta(minutes=rng.randint(60, max_days * 24 * 60))


def _customer(rng: random.Random, ctx: SeedContext) -> Customer:
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    city, region, country, postal = rng.choice(words.PLACES)
    return Customer(
        name=f"{first} {last}",
        preferred_name=rng.choice(("", "", "", "", "", first[:3])) if len(first) > 4 else "",
        address_line1=f"{rng.randint(1, 980)} {rng.choice(words.STREETS)}",
        city=city,
        region=region,
        postal_code=f"{postal}{rng.randint(10, 99)}",
        country=country,
        created_at=_when(rng, ctx, max_days=3 * HISTORY_DAYS),
    )


def seed_customers(ctx: SeedContext) -> None:
    """Create ``options.customers`` customers in chunks; keep only small refs in memory."""
    rng = ctx.rng_for("customers")
    total = ctx.options.customers
    progress = ctx.progress("customers", total)
    authors: list[User] = [u for members in ctx.staff.members.values() for u in members]
    kinds = list(LifeMoment.Kind.values)
    moments_made = 0
    chunk = ctx.chunk_for(total)
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        with transaction.atomic():
            customers = [_customer(rng, ctx) for _ in range(count)]
            Customer.objects.bulk_create(customers)
            emails, phones, handles, notes, moments = [], [], [], [], []
            for offset, customer in enumerate(customers):
                index = start + offset
                first = customer.name.split(" ")[0]
                local = ascii_slug(customer.name)
                # The index keeps addresses unique however often names repeat.
                emails.append(
                    CustomerEmail(
                        customer=customer, email=f"{local}.{index}@{rng.choice(words.EMAIL_DOMAINS)}", is_primary=True
                    )
                )
                if rng.random() < 0.15:
                    emails.append(CustomerEmail(customer=customer, email=f"{local}.work{index}@example.com"))
                if rng.random() < 0.7:
                    phones.append(
                        CustomerPhone(
                            customer=customer,
                            number=f"+1 555 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
                            label=rng.choice(("mobile", "home", "work")),
                        )
                    )
                if rng.random() < 0.1:
                    handles.append(
                        SocialHandle(
                            customer=customer,
                            network=rng.choice(words.SOCIAL_NETWORKS),
                            handle=f"{local.replace('.', '_')}_{index}",
                        )
                    )
                for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                    notes.append(
                        RapportNote(
                            customer=customer,
                            author=rng.choice(authors),
                            body=rng.choice(words.RAPPORT_NOTES),
                            created_at=_when(rng, ctx),
                        )
                    )
                # The first customers get one moment of every kind, so even a tiny demo shows them all.
                kind = (
                    kinds[moments_made]
                    if moments_made < len(kinds)
                    else rng.choice(kinds)
                    if rng.random() < 0.12
                    else None
                )
                if kind is not None:
                    moments_made += 1
                    when = _when(rng, ctx)
                    moments.append(
                        LifeMoment(
                            customer=customer,
                            kind=kind,
                            happened_on=when.date(),
                            note=rng.choice(words.LIFE_MOMENT_NOTES[kind]),
                            recorded_by=rng.choice(authors),
                            created_at=when,
                        )
                    )
                ctx.customers.append(CustomerRef(id=customer.pk, first_name=first, city=customer.city))
            CustomerEmail.objects.bulk_create(emails, batch_size=1000)
            CustomerPhone.objects.bulk_create(phones, batch_size=1000)
            SocialHandle.objects.bulk_create(handles, batch_size=1000)
            RapportNote.objects.bulk_create(notes, batch_size=1000)
            LifeMoment.objects.bulk_create(moments, batch_size=1000)
        # With DEBUG on, Django keeps every query's SQL; bulk inserts are large.
        reset_queries()
        progress.advance(count)
    progress.finish()
