"""The journey stories' gestures, added to the conversations the stories step wrote.

The tyres refund (2), Arlo's replacement figure tracked to his door (3), the
steak at arrivals (4), flowers for Marguerite (5), the hospital package put
together with the kids' shoes team (6), and a coupon that helped recover a
bad day (8).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from wowdesk.conversations.models import Conversation, Status
from wowdesk.demo.context import SeedContext
from wowdesk.demo.gesture_drafts import (
    CouponDraft,
    GestureDraft,
    HuddleDraft,
    Move,
    RecordDraft,
    ShipmentDraft,
    demo_code,
)
from wowdesk.gestures.models import CatalogueItem, Contribution, OrderRecord, Reason, Shipment
from wowdesk.orders.models import Order

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

Items = dict[str, CatalogueItem]


def _story(ctx: SeedContext, name: str) -> Conversation | None:
    ids = ctx.story_conversations.get(name)
    if not ids:
        return None
    return Conversation.objects.select_related("customer").get(pk=ids[0])


def _start(conversation: Conversation) -> dt.datetime:
    return conversation.created_at


def tyres(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    conversation = _story(ctx, "tyres")
    if conversation is None:
        return []
    order = Order.objects.filter(customer_id=conversation.customer_id).prefetch_related("items").get()
    tyre_line = order.items.all()[0]
    keisha, at = ctx.staff["keisha"], _start(conversation) + 58 * MINUTE
    return [
        GestureDraft(
            item=items["Refund"],
            conversation_id=conversation.pk,
            customer_id=conversation.customer_id,
            rep=keisha,
            granted_at=at,
            reason=Reason.GOODWILL,
            why="We want to be the store you trust, even for tyres we never sold.",
            cost=order.total,
            value=order.total,
            order_id=order.pk,
            record=RecordDraft(
                kind=OrderRecord.Kind.REFUND,
                amount=order.total,
                currency=order.currency,
                due_by=at + 3 * DAY,
                order_number=order.number,
                order_item_id=tyre_line.pk,
                moves=[Move(at + 2 * HOUR, OrderRecord.State.COMPLETED, keisha)],
            ),
        )
    ]


def lost_toy(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    conversation = _story(ctx, "lost_toy")
    if conversation is None:
        return []
    order = Order.objects.filter(customer_id=conversation.customer_id).get()
    jun, at = ctx.staff["jun"], _start(conversation) + 13 * HOUR + 40 * MINUTE
    return [
        GestureDraft(
            item=items["Free replacement"],
            conversation_id=conversation.pk,
            customer_id=conversation.customer_id,
            rep=jun,
            granted_at=at,
            reason=Reason.DELIGHT,
            why="Losing Captain Comet at seven is a real loss; his twin brother is flying over.",
            message="Dear Arlo, Captain Comet's brother reporting for duty. Keep him in a zipped pocket!",
            description="Captain Comet figure, with a letter written for Arlo",
            cost=Decimal("6.50"),
            value=Decimal("9.00"),
            order_id=order.pk,
            record=RecordDraft(
                kind=OrderRecord.Kind.REPLACEMENT,
                amount=Decimal("9.00"),
                currency=order.currency,
                due_by=at + 5 * DAY,
                order_number=order.number,
                moves=[Move(at + 3 * DAY, OrderRecord.State.COMPLETED, jun)],
            ),
            shipment=ShipmentDraft(
                recipient="Arlo Sethi, c/o Priya Sethi",
                address="27 Orchard Rise\n53704 Madison\nWI\nUS",
                ship_by=at + DAY,
                deliver_by=at + 5 * DAY,
                moves=[
                    Move(
                        at + 2 * HOUR,
                        Shipment.State.SHIPPED,
                        jun,
                        tracking_number="9400 1118 2204 5521 7731",
                        carrier="USPS",
                    ),
                    Move(at + 2 * DAY + 22 * HOUR, Shipment.State.DELIVERED, ctx.staff["ops"]),
                ],
            ),
        )
    ]


def airport_steak(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    conversation = _story(ctx, "airport_steak")
    if conversation is None:
        return []
    theo, at = ctx.staff["theo"], _start(conversation) + 24 * MINUTE
    return [
        GestureDraft(
            item=items["Custom package"],
            conversation_id=conversation.pk,
            customer_id=conversation.customer_id,
            rep=theo,
            granted_at=at,
            reason=Reason.DELIGHT,
            why="He joked about a steak waiting at arrivals. We would rather make it true.",
            description="Medium-rare strip steak with fries to go, a cold drink and a 'Welcome home, Desmond' sign",
            cost=Decimal("46.50"),
            shipment=ShipmentDraft(
                recipient="Desmond Achterberg",
                address="Arrivals hall, terminal B\nBoise airport (flight lands 21:05)",
                ship_by=at + 6 * HOUR,
                deliver_by=at + 8 * HOUR,
                moves=[
                    Move(
                        at + 6 * HOUR + 50 * MINUTE,
                        Shipment.State.SHIPPED,
                        theo,
                        tracking_number="Theo, driving it over with a sign",
                        carrier="Hand delivery",
                    ),
                    Move(at + 7 * HOUR + 20 * MINUTE, Shipment.State.DELIVERED, theo),
                ],
            ),
        )
    ]


def bereavement(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    conversation = _story(ctx, "bereavement")
    if conversation is None:
        return []
    pilar = ctx.staff["pilar"]
    # After the call (3h15) and the return, before the written reply.
    at = _start(conversation) + 3 * HOUR + 24 * MINUTE
    return [
        GestureDraft(
            item=items["Flowers with a card"],
            conversation_id=conversation.pk,
            customer_id=conversation.customer_id,
            rep=pilar,
            granted_at=at,
            reason=Reason.LIFE_MOMENT,
            why="Her husband Raymond died just before his birthday; the boots were his present.",
            message="Dear Marguerite, we were so sorry to hear about Raymond. We hope these brighten your morning "
            "walks along the river. With warm wishes, Pilar and everyone at the shop",
            cost=Decimal("45.00"),
            shipment=ShipmentDraft(
                recipient="Marguerite Oduya",
                address="14 Juniper Close\n31401 Savannah\nGA\nUS",
                ship_by=at + DAY,
                deliver_by=at + 3 * DAY,
                moves=[
                    Move(
                        at + 20 * HOUR,
                        Shipment.State.SHIPPED,
                        ctx.staff["ops"],
                        tracking_number="FL-20417",
                        carrier="Savannah Blooms",
                    ),
                    Move(at + DAY + 4 * HOUR, Shipment.State.DELIVERED, ctx.staff["ops"]),
                ],
            ),
        )
    ]


def hospital_shoes(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    conversation = _story(ctx, "hospital_shoes")
    if conversation is None:
        return []
    rafa, lottie, ben = ctx.staff["rafa"], ctx.staff["lottie"], ctx.staff["ben"]
    start = _start(conversation)
    at = start + 12 * HOUR + 32 * MINUTE
    return [
        GestureDraft(
            item=items["Custom package"],
            conversation_id=conversation.pk,
            customer_id=conversation.customer_id,
            rep=rafa,
            granted_at=at,
            reason=Reason.LIFE_MOMENT,
            why="Hania is in hospital and dreams of glitter high-tops we do not carry; the kids' team helped build "
            "something better.",
            message="Dear Hania, these light up when you walk, so the whole ward will know you are coming. "
            "Get well soon! From your friends at the shoe shop",
            description="Purple light-up high-tops (kids' size 3), sparkly laces, two pairs of silly socks, signed "
            "cards from both teams, vendor stickers and a plush",
            cost=Decimal("92.00"),
            shipment=ShipmentDraft(
                recipient="Hania Wierzbicka, via Tomasz Wierzbicki",
                address="Children's ward, 4th floor\nSt. Brigid's Children's Hospital\n55805 Duluth\nMN\nUS",
                ship_by=at + DAY,
                deliver_by=at + 2 * DAY,
                moves=[
                    Move(
                        start + 15 * HOUR + 10 * MINUTE,
                        Shipment.State.SHIPPED,
                        rafa,
                        tracking_number="ON-7781-2290",
                        carrier="Overnight courier",
                    ),
                    Move(start + DAY + 14 * HOUR, Shipment.State.DELIVERED, ctx.staff["ops"]),
                ],
            ),
            huddle=HuddleDraft(
                purpose="A package for Hania: shoes we do carry that she will love, cards and small gifts.",
                opened_by=rafa,
                opened_at=at + 3 * MINUTE,
                members=[(lottie, rafa, at + 5 * MINUTE), (ben, rafa, at + 5 * MINUTE)],
                contributions=[
                    (lottie, Contribution.Kind.ITEM, "Purple light-up high-tops in kids' size 3", start + 13 * HOUR),
                    (lottie, Contribution.Kind.ITEM, "Sparkly lace set in lilac", start + 13 * HOUR + 5 * MINUTE),
                    (
                        rafa,
                        Contribution.Kind.ITEM,
                        "Two pairs of silly socks (tacos and dinosaurs)",
                        start + 13 * HOUR + 20 * MINUTE,
                    ),
                    (
                        ben,
                        Contribution.Kind.CARD,
                        "Card signed by fourteen people on the kids' floor, with a unicorn in sneakers",
                        start + 14 * HOUR,
                    ),
                    (
                        ben,
                        Contribution.Kind.VENDOR_ITEM,
                        "Glow-in-the-dark stickers and a small plush from the high-top brand's rep",
                        start + 14 * HOUR + 10 * MINUTE,
                    ),
                ],
            ),
        )
    ]


def bad_day(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    """A resolved everyday conversation whose customer got a curt first answer.

    Grades arrive later; for now this is the gesture of the recovery, and the
    conversation is remembered as the ``bad_day`` story for the grades step.
    """
    candidate = (
        Conversation.objects.filter(status=Status.RESOLVED, assignee__isnull=False, team__isnull=False)
        .exclude(pk__in=[pk for ids in ctx.story_conversations.values() for pk in ids])
        .select_related("assignee", "customer")
        .order_by("id")
        .first()
    )
    if candidate is None or candidate.assignee is None:
        return []
    ctx.story_conversations["bad_day"] = [candidate.pk]
    rep = candidate.assignee
    at = min(candidate.last_activity_at + 3 * HOUR, ctx.now - 10 * MINUTE)
    return [
        GestureDraft(
            item=items["Coupon: $20 off"],
            conversation_id=candidate.pk,
            customer_id=candidate.customer_id,
            rep=rep,
            granted_at=at,
            reason=Reason.BAD_EXPERIENCE,
            why="Our first answer was rushed and did not help. Called back to apologise and put it right.",
            message=f"{candidate.customer.greeting_name}, thank you for telling us straight. This one is on us.",
            cost=Decimal("25.00"),
            value=Decimal("25.00"),
            coupon=CouponDraft(
                code=demo_code(ctx.rng_for("gestures:bad_day")),
                value=Decimal("25.00"),
                currency="USD",
                expires_at=at + 180 * DAY,
                max_uses=1,
            ),
        )
    ]


STORIES: tuple[Callable[[SeedContext, Items], list[GestureDraft]], ...] = (
    tyres,
    lost_toy,
    airport_steak,
    bereavement,
    hospital_shoes,
    bad_day,
)


def story_gestures(ctx: SeedContext, items: Items) -> list[GestureDraft]:
    return [draft for story in STORIES for draft in story(ctx, items)]
