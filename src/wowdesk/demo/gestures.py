"""Demo gestures: a starter catalogue, the journey stories' gestures, and a few
months of everyday ones.

About one assigned conversation in fourteen gets a gesture, which is what a
team that feels free to say yes looks like. Generated in chunks and written
with bulk inserts, so the benchmark's large data sets stay fast to build.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import reset_queries, transaction
from django.db.models import Max, Min

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.customers.models import Customer
from wowdesk.demo.context import SeedContext
from wowdesk.demo.gesture_drafts import (
    CouponDraft,
    GestureDraft,
    Move,
    RecordDraft,
    ShipmentDraft,
    demo_code,
    save_gesture_drafts,
)
from wowdesk.demo.gesture_stories import story_gestures
from wowdesk.demo.rows import RowWriter
from wowdesk.gestures.models import CatalogueItem, Kind, OrderRecord, Reason, Shipment
from wowdesk.gestures.services.rollups import gesture_rollups_rebuild
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.orders.models import Order

RATE = 0.07
CHUNK = 1000
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
CENT = Decimal("0.01")

# (catalogue item name, weight). Kinds that need an order fall back to a coupon when there is none.
MIX = (
    ("Coupon: $20 off", 22),
    ("Coupon: $15 off, three times", 5),
    ("Discount on an order (%)", 6),
    ("Discount on an order ($)", 6),
    ("Refund", 12),
    ("Free replacement", 8),
    ("Upgrade to overnight shipping", 8),
    ("Flowers with a card", 7),
    ("Tin of cookies", 10),
    ("Handwritten note", 13),
    ("Custom package", 3),
)

# Why, by kind: (reason, the rep's words). {first} is the customer's first name.
WHYS: dict[str, tuple[tuple[str, str], ...]] = {
    Kind.COUPON: (
        (Reason.MISTAKE, "The parcel went to the wrong depot and {first} waited four extra days."),
        (Reason.LOYALTY, "{first} has been ordering from us for six years and never once complained."),
        (Reason.BAD_EXPERIENCE, "I kept {first} on hold far too long while I checked the stock."),
        (Reason.DELIGHT, "{first} made my morning with the story about the dog and the slipper."),
        (Reason.LIFE_MOMENT, "{first} is starting a new job next week and needs proper work shoes."),
    ),
    Kind.PERCENT_DISCOUNT: (
        (Reason.MISTAKE, "Our size chart was wrong for this model, so the exchange cost {first} a week."),
        (Reason.LOYALTY, "A big family order from a long-time customer; we can share the saving."),
    ),
    Kind.FIXED_DISCOUNT: (
        (Reason.MISTAKE, "The colour in the photo did not match what arrived."),
        (Reason.BAD_EXPERIENCE, "Two emails went unanswered before I picked this up."),
    ),
    Kind.REFUND: (
        (Reason.MISTAKE, "The sole came loose after a month; no need to send them back."),
        (Reason.GOODWILL, "Outside the return window, but {first} only wore them indoors once."),
        (Reason.MISTAKE, "We charged shipping twice on this order."),
        (Reason.GOODWILL, "The gift was for someone who moved away before it arrived."),
    ),
    Kind.REPLACEMENT: (
        (Reason.MISTAKE, "The courier shows delivered but nothing arrived; sending another pair today."),
        (Reason.MISTAKE, "Left and right shoe in different sizes, our packing mistake."),
        (Reason.GOODWILL, "The puppy ate one boot; accidents happen, and {first} was so sweet about it."),
    ),
    Kind.SHIPPING_UPGRADE: (
        (Reason.LIFE_MOMENT, "{first} needs the shoes for a wedding on Saturday."),
        (Reason.MISTAKE, "We dispatched late, so the least we can do is make it arrive on time."),
    ),
    Kind.GIFT: (
        (Reason.LIFE_MOMENT, "{first} told me about a difficult week in hospital with their mother."),
        (Reason.DELIGHT, "Forty minutes on the phone about marathon training; a little cheer for race day."),
        (Reason.LOYALTY, "{first} sends us a thank-you note every single order. Our turn."),
        (Reason.BAD_EXPERIENCE, "The exchange took three tries; a sweet apology for the hassle."),
    ),
    Kind.CUSTOM_PACKAGE: (
        (Reason.LIFE_MOMENT, "First day of school for the twins; matching sneakers and a note from us."),
        (Reason.DELIGHT, "{first} is walking the Camino next month; socks, blister kit and a postcard."),
    ),
}
MESSAGES = (
    "Thank you for being so patient with us, {first}.",
    "A small something from all of us here. Enjoy!",
    "{first}, it was lovely talking to you. Good luck!",
    "We hope this makes up for the trouble. See you soon.",
)
PACKAGES = (
    "Hiking socks, a blister kit and a handwritten postcard",
    "Two pairs of kids' sneakers in matching colours and a card",
    "Shoe care kit, cedar shoe trees and a thank-you note",
)
CARRIERS = ("UPS", "USPS", "FedEx", "DHL")


def _quantize(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class GestureMaker:
    """Builds everyday gesture drafts from a seeded ``Random``."""

    def __init__(self, ctx: SeedContext, rng: random.Random, items: dict[str, CatalogueItem]) -> None:
        self.ctx, self.rng, self.items = ctx, rng, items
        self.names = [name for name, _w in MIX]
        self.weights = [w for _n, w in MIX]
        self.first_names = {c.id: c.first_name for c in ctx.customers}
        self.ops = ctx.staff["ops"]
        self.used_orders: set[int] = set()
        self.shop_numbers = 500_000
        self.conversations: set[int] = set()

    def _reference(self) -> str:
        self.shop_numbers += 1
        return f"SHOP-{self.shop_numbers}"

    def make(
        self,
        *,
        conversation_id: int,
        customer_id: int,
        rep: User,
        created: dt.datetime,
        last: dt.datetime,
        orders: list[tuple[int, str, Decimal, str]],
        address: tuple[str, str],
        fresh: str | None = None,
    ) -> GestureDraft:
        """One gesture on this conversation. ``fresh`` names an item granted in the last few days
        and left waiting, so even a small demo's queue has work in it (some of it late)."""
        rng, now = self.rng, self.ctx.now
        span = max((last - created).total_seconds(), 600)
        at = min(created + dt.timedelta(seconds=rng.uniform(300, min(span, 2 * 86400))), now - 5 * MINUTE)
        if fresh is not None:
            at = max(created, now - dt.timedelta(hours=rng.uniform(2, 5 * 24)))
        item = self.items[fresh or rng.choices(self.names, self.weights)[0]]
        free = [o for o in orders if o[0] not in self.used_orders]
        needs_order = item.kind in (
            Kind.PERCENT_DISCOUNT,
            Kind.FIXED_DISCOUNT,
            Kind.REFUND,
            Kind.REPLACEMENT,
            Kind.SHIPPING_UPGRADE,
        )
        if needs_order and not free:
            item = self.items["Coupon: $20 off"]
            needs_order = False
        reason, why = rng.choice(WHYS[item.kind])
        first = self.first_names.get(customer_id, "they")
        self.conversations.add(conversation_id)
        draft = GestureDraft(
            item=item,
            conversation_id=conversation_id,
            customer_id=customer_id,
            rep=rep,
            granted_at=at,
            reason=reason,
            why=why.format(first=first),
            cost=item.cost,
            message=rng.choice(MESSAGES).format(first=first) if rng.random() < 0.35 else "",
        )
        age = now - at
        if item.kind == Kind.COUPON:
            self._coupon(draft, item, age)
        elif needs_order:
            self._record(draft, item, rng.choice(free), age, waiting=fresh is not None)
        if item.kind in (Kind.GIFT, Kind.CUSTOM_PACKAGE, Kind.REPLACEMENT):
            if item.kind == Kind.CUSTOM_PACKAGE:
                draft.description = rng.choice(PACKAGES)
                draft.cost = _quantize(Decimal(rng.randint(2500, 9000)) / 100)
            self._shipment(draft, item, age, address, waiting=fresh is not None)
        return draft

    def _coupon(self, draft: GestureDraft, item: CatalogueItem, age: dt.timedelta) -> None:
        rng = self.rng
        value = item.value or Decimal("20")
        draft.value = draft.cost = value
        # Some older coupons were given a short life, so the demo has expired ones too.
        valid = dt.timedelta(days=60) if rng.random() < 0.2 else dt.timedelta(days=item.coupon_valid_days)
        coupon = CouponDraft(
            code=demo_code(rng),
            value=value,
            currency=item.currency,
            expires_at=draft.granted_at + valid,
            max_uses=item.coupon_max_uses,
        )
        uses = item.coupon_max_uses or 3
        for _ in range(uses):
            if age < 2 * DAY or rng.random() > 0.5:
                break
            window = min(age, valid) - MINUTE
            offset = dt.timedelta(seconds=rng.uniform(3600, max(window.total_seconds(), 3601)))
            last = coupon.redemptions[-1][1] if coupon.redemptions else draft.granted_at
            when = min(max(draft.granted_at + offset, last + MINUTE), self.ctx.now - MINUTE)
            coupon.redemptions.append((self._reference(), when))
        draft.coupon = coupon

    def _record(
        self,
        draft: GestureDraft,
        item: CatalogueItem,
        order: tuple[int, str, Decimal, str],
        age: dt.timedelta,
        *,
        waiting: bool = False,
    ) -> None:
        rng = self.rng
        order_id, number, total, currency = order
        self.used_orders.add(order_id)
        draft.order_id, draft.currency = order_id, currency
        if item.kind == Kind.REFUND:
            share = rng.choice((Decimal(1), Decimal(1), Decimal("0.5"), Decimal("0.25")))
            amount = draft.value = draft.cost = _quantize(total * share)
            kind = OrderRecord.Kind.REFUND
        elif item.kind == Kind.PERCENT_DISCOUNT:
            percent = rng.choice((Decimal(10), Decimal(15), Decimal(20)))
            draft.value = percent
            amount = draft.cost = _quantize(total * percent / 100)
            kind = OrderRecord.Kind.DISCOUNT
        elif item.kind == Kind.FIXED_DISCOUNT:
            amount = draft.value = draft.cost = min(item.value or Decimal(10), total)
            kind = OrderRecord.Kind.DISCOUNT
        elif item.kind == Kind.REPLACEMENT:
            amount = draft.value = draft.cost = _quantize(min(total, Decimal(140)))
            kind = OrderRecord.Kind.REPLACEMENT
        else:
            amount = draft.cost = item.cost
            kind = OrderRecord.Kind.SHIPPING_UPGRADE
        due = draft.granted_at + dt.timedelta(days=item.complete_within_days)
        record = RecordDraft(kind=kind, amount=amount, currency=currency, due_by=due, order_number=number)
        done_after = dt.timedelta(hours=rng.uniform(1, 24 * max(item.complete_within_days, 1)))
        if waiting:
            pass
        elif rng.random() < 0.04 and age > 2 * DAY:
            failed_at = draft.granted_at + dt.timedelta(hours=rng.uniform(2, 30))
            record.moves.append(
                Move(failed_at, OrderRecord.State.FAILED, self.ops, note="The bank returned it: the card had expired.")
            )
            if rng.random() < 0.5 and age > 4 * DAY:
                record.moves.append(Move(failed_at + DAY, OrderRecord.State.ISSUED, draft.rep))
                record.moves.append(Move(failed_at + 2 * DAY, OrderRecord.State.COMPLETED, self.ops))
        elif age > done_after and not (age < 10 * DAY and rng.random() < 0.3):
            record.moves.append(Move(draft.granted_at + done_after, OrderRecord.State.COMPLETED, self.ops))
        draft.record = record

    def _shipment(
        self, draft: GestureDraft, item: CatalogueItem, age: dt.timedelta, address: tuple[str, str], *, waiting: bool
    ) -> None:
        rng, at = self.rng, draft.granted_at
        ship_by = at + dt.timedelta(days=item.ship_within_days)
        deliver_by = max(at + dt.timedelta(days=item.complete_within_days), ship_by)
        shipment = ShipmentDraft(
            recipient=address[0],
            address=address[1] or "Collect in store",
            ship_by=ship_by,
            deliver_by=deliver_by,
        )
        # Recent parcels run late more often in the demo, so the queue has something to flag.
        late = waiting or rng.random() < (0.5 if age < 15 * DAY else 0.08)
        ship_after = dt.timedelta(hours=rng.uniform(2, 24 * max(item.ship_within_days, 1)))
        if late:
            ship_after += dt.timedelta(days=rng.uniform(1, 3) if age > 10 * DAY else 30)
        if age > ship_after:
            shipped = at + ship_after
            carrier = rng.choice(CARRIERS)
            tracking = f"{carrier[:2]}{rng.randint(10**9, 10**10 - 1)}"
            shipment.moves.append(
                Move(shipped, Shipment.State.SHIPPED, self.ops, tracking_number=tracking, carrier=carrier)
            )
            transit = dt.timedelta(
                hours=rng.uniform(18, 24 * max(item.complete_within_days - item.ship_within_days, 2))
            )
            if late:
                transit += dt.timedelta(days=rng.uniform(0, 3))
            if late and age < 15 * DAY:
                transit += dt.timedelta(days=30)  # lost somewhere: overdue in the queue
            if age > ship_after + transit:
                state = Shipment.State.RETURNED if rng.random() < 0.03 else Shipment.State.DELIVERED
                shipment.moves.append(Move(shipped + transit, state, self.ops))
        draft.shipment = shipment


def _order_totals(customer_ids: set[int]) -> dict[int, list[tuple[int, str, Decimal, str]]]:
    by_customer: dict[int, list[tuple[int, str, Decimal, str]]] = {}
    rows = Order.objects.filter(customer_id__in=customer_ids).order_by("id")
    for pk, customer_id, number, total, currency in rows.values_list(
        "pk", "customer_id", "number", "total", "currency"
    ):
        by_customer.setdefault(customer_id, []).append((pk, number, total, currency))
    return by_customer


def _addresses(customer_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Name and postal address of each customer: the snapshot a shipment takes at grant time."""
    fields = ("name", "address_line1", "address_line2", "city", "region", "postal_code", "country")
    return {c.pk: (c.name, c.postal_address) for c in Customer.objects.filter(pk__in=customer_ids).only(*fields)}


def seed_gestures(ctx: SeedContext) -> None:
    install_starter_catalogue()
    items = {item.name: item for item in CatalogueItem.objects.all()}
    shop = ctx.staff["ops"]
    with transaction.atomic():
        save_gesture_drafts(story_gestures(ctx, items), shop=shop)
    story_ids = {pk for ids in ctx.story_conversations.values() for pk in ids}
    reps = {user.pk: user for user in ctx.staff.by_username.values()}
    rng = ctx.rng_for("gestures")
    maker = GestureMaker(ctx, rng, items)
    rows = (
        Conversation.objects.filter(assignee__isnull=False)
        .order_by("id")
        .values_list("id", "customer_id", "assignee_id", "created_at", "last_activity_at")
    )
    total = max(ctx.options.conversations - ctx.stories, 0)
    progress = ctx.progress("gestures", total)
    chosen: list[tuple[int, int, int, dt.datetime, dt.datetime]] = []
    writer = RowWriter()

    def flush() -> None:
        customer_ids = {row[1] for row in chosen}
        orders, addresses = _order_totals(customer_ids), _addresses(customer_ids)
        drafts = [
            maker.make(
                conversation_id=cid,
                customer_id=customer_id,
                rep=reps[assignee_id],
                created=created,
                last=last,
                orders=orders.get(customer_id, []),
                address=addresses.get(customer_id, ("Customer", "")),
            )
            for cid, customer_id, assignee_id, created, last in chosen
        ]
        with transaction.atomic():
            save_gesture_drafts(drafts, shop=shop, writer=writer)
        chosen.clear()
        reset_queries()

    # Draw the conversations first and read only those: reading all of them (a million, for the
    # benchmark) to keep one in fourteen was most of this step's time. Ids are dense.
    bounds = Conversation.objects.aggregate(low=Min("id"), high=Max("id"))
    low, high = bounds["low"] or 0, bounds["high"] or -1
    drawn = [pk for pk in range(low, high + 1) if rng.random() < RATE and pk not in story_ids]
    for start in range(0, len(drawn), CHUNK):
        batch = drawn[start : start + CHUNK]
        chosen.extend(row for row in rows.filter(pk__in=batch) if row[2] in reps)
        flush()
        progress.advance(round(total * min(start + CHUNK, len(drawn)) / len(drawn)) - progress.done)
    writer.close()
    _fresh(ctx, maker, story_ids | maker.conversations, reps, shop)
    # The grants were written in bulk, past the service that keeps the page's running totals.
    gesture_rollups_rebuild()
    progress.finish()


# Waiting in the queue whatever the demo's size: parcels not yet sent, a refund not yet done.
FRESH = ("Flowers with a card", "Tin of cookies", "Handwritten note", "Custom package", "Refund")


def _fresh(ctx: SeedContext, maker: GestureMaker, taken: set[int], reps: dict[int, User], shop: User) -> None:
    # ``taken`` is filtered here, not with ``pk__in``: it grows with the data set, and SQLite caps
    # the number of query parameters (a few hundred newest conversations always hold enough).
    recent = (
        Conversation.objects.filter(assignee__isnull=False)
        .order_by("-last_activity_at", "-id")
        .values_list("id", "customer_id", "assignee_id", "created_at", "last_activity_at")[: 20 * len(FRESH)]
    )
    candidates = [row for row in recent if row[0] not in taken and row[2] in reps]
    orders = _order_totals({row[1] for row in candidates})
    # Each item on its own conversation; those that need an order (a refund) on a customer who has one.
    rows: list[tuple[int, int, int, dt.datetime, dt.datetime]] = []
    for name in FRESH:
        wants_order = name == "Refund"
        row = next((r for r in candidates if r not in rows and (orders.get(r[1]) or not wants_order)), None)
        if row is None:
            break
        rows.append(row)
    addresses = _addresses({row[1] for row in rows})
    drafts = [
        maker.make(
            conversation_id=cid,
            customer_id=customer_id,
            rep=reps[assignee_id],
            created=created,
            last=last,
            orders=orders.get(customer_id, []),
            address=addresses.get(customer_id, ("Customer", "")),
            fresh=name,
        )
        for (cid, customer_id, assignee_id, created, last), name in zip(rows, FRESH, strict=False)
    ]
    with transaction.atomic():
        save_gesture_drafts(drafts, shop=shop)
