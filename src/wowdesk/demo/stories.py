"""Hand-written journey stories, one per journey the core supports today.

Each story is a customer and a conversation a newcomer can open and walk
through: the long call, the tyres we do not sell, the lost toy figure, the
airport steak, a return that turned out to be about a loss, a young
patient who wanted shoes we do not carry, and a finance new hire's first
weeks on the phones. Later features (gestures, cards, legends) extend these
same stories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from wowdesk.conversations.models import Channel, Priority, Status
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, SocialHandle
from wowdesk.demo.context import SeedContext
from wowdesk.demo.timeline import ConversationDraft, save_drafts
from wowdesk.orders.models import Order, OrderItem, ProblemReport

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)


def _day(ctx: SeedContext, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    return (ctx.now - dt.timedelta(days=days_ago)).replace(hour=hour, minute=minute, second=0, microsecond=0)


def _customer(
    ctx: SeedContext,
    *,
    name: str,
    email: str,
    city: str,
    region: str = "",
    country: str = "US",
    preferred: str = "",
    phone: str = "",
    handle: tuple[str, str] | None = None,
) -> Customer:
    customer = Customer.objects.create(
        name=name,
        preferred_name=preferred,
        city=city,
        region=region,
        country=country,
        created_at=ctx.now - dt.timedelta(days=400),
    )
    CustomerEmail.objects.create(customer=customer, email=email, is_primary=True)
    if phone:
        CustomerPhone.objects.create(customer=customer, number=phone, label="mobile")
    if handle:
        SocialHandle.objects.create(customer=customer, network=handle[0], handle=handle[1])
    return customer


def _order(
    ctx: SeedContext, customer: Customer, placed: dt.datetime, status: str, items: list[tuple[str, str, int, str]]
) -> Order:
    """``items`` are (description, sku, quantity, unit price); a blank sku is something we do not sell."""
    total = sum((Decimal(price) * qty for _, _, qty, price in items), Decimal("0.00"))
    order = Order.objects.create(
        customer=customer, number=ctx.order_number(), status=status, total=total, placed_at=placed, created_at=placed
    )
    OrderItem.objects.bulk_create(
        OrderItem(order=order, description=d, sku=sku, quantity=q, unit_price=Decimal(p)) for d, sku, q, p in items
    )
    return order


def long_call(ctx: SeedContext) -> list[ConversationDraft]:
    rep = ctx.staff["marisa"]
    lorna = _customer(
        ctx,
        name="Lorna Castellane",
        email="lorna.castellane@example.com",
        city="Cleveland",
        region="OH",
        phone="+1 555 216 4410",
    )
    start = _day(ctx, 3, 9, 12)
    call_seconds = 7 * 3600 + 52 * 60 + 14
    draft = ConversationDraft(
        customer_id=lorna.pk,
        channel=Channel.PHONE,
        subject="Walking shoes, and a move to Albuquerque",
        created_at=start,
        actor=rep,
        tags=["moving", "long-call"],
    )
    draft.assign(start, rep, assignee=rep, team=rep.team)
    draft.call(rep, start, call_seconds)
    draft.moment(
        start + 18 * MINUTE,
        rep,
        kind=LifeMoment.Kind.MOVING,
        happened_on=(ctx.now + dt.timedelta(days=24)).date(),
        note="Moving from Cleveland to Albuquerque at the end of the month with her two teenagers.",
    )
    draft.rapport(
        start + 55 * MINUTE,
        rep,
        "Weighing up neighbourhoods in Albuquerque: Nob Hill for cafés and walking to everything, or the "
        "North Valley for a bigger garden and the river trails. The kids vote for whichever has a skate park.",
    )
    draft.rapport(
        start + 2 * HOUR + 40 * MINUTE,
        rep,
        "Job hunting: she is a respiratory therapist with two hospital interviews lined up next week and "
        "hopes for a commute under twenty minutes (hers is fifty now).",
    )
    draft.rapport(
        start + 5 * HOUR + 10 * MINUTE,
        rep,
        "Already a green chile convert. Marisa promised her list of favourite breakfast burrito places.",
    )
    end = start + dt.timedelta(seconds=call_seconds)
    draft.note(
        end + 4 * MINUTE,
        rep,
        "Call summary: she rang to order walking shoes for the move (ordered, size 8, wide). Most of the call "
        "was about settling in: neighbourhoods, schools, the hospitals she is interviewing with, where to hike "
        "on the first weekend. She said it was the first time the move felt exciting rather than scary.",
    )
    draft.reply(
        end + 20 * MINUTE,
        rep,
        "Hi Lorna,\n\nThank you for this morning (and afternoon!). As promised, here are the places I would try "
        "first: the breakfast burritos near the old Route 66 stretch, the bosque trail for a Sunday walk, and the "
        "Saturday growers' market. Your walking shoes ship today and will be there before the movers.\n\n"
        "Good luck with both interviews. I would love to hear how it goes.\n\nMarisa",
        status=Status.RESOLVED,
    )
    _order(
        ctx,
        lorna,
        end - 30 * MINUTE,
        Order.Status.SHIPPED,
        [("Trail walking shoes, slate grey, size 8 wide", "TRN-4410-8W", 1, "124.00")],
    )
    return [draft]


def tyres(ctx: SeedContext) -> list[ConversationDraft]:
    rep = ctx.staff["keisha"]
    hollis = _customer(ctx, name="Hollis Brandt", email="hollis.brandt@example.net", city="Spokane", region="WA")
    start = _day(ctx, 9, 14, 37)
    _order(
        ctx,
        hollis,
        ctx.now - dt.timedelta(days=200),
        Order.Status.RETURNED,
        [("All-season tyres 205/55 R16, bought at a local garage", "", 4, "96.00")],
    )
    draft = ConversationDraft(
        customer_id=hollis.pk,
        channel=Channel.EMAIL,
        subject="Can I return a set of tyres?",
        created_at=start,
        tags=["return", "not-our-product"],
    )
    draft.inbound(
        start,
        "Hello,\n\nThis will sound odd. In the spring I bought four all-season tyres for my car, and they turned "
        "out to be the wrong size. I bought them at a garage in town that has since closed, not from you. You are "
        "the only shop I know that takes things back without a fight, so I thought I would ask: is there anything "
        "you can do with tyres?\n\nHollis",
    )
    draft.assign(start + 40 * MINUTE, rep, assignee=rep, team=rep.team)
    draft.note(
        start + 55 * MINUTE,
        rep,
        "We do not sell tyres (order logged with blank SKUs so it is clear). Refunding him anyway: he trusted us "
        "with a problem nobody else would take. No approval needed.",
    )
    draft.reply(
        start + HOUR,
        rep,
        "Hi Hollis,\n\nYou are right that tyres are not something we sell, but we would rather be the shop you "
        "trust than the shop with the tidy rules. I have refunded the $384 you paid to the card on file. Please "
        "do not send them to us: the recycling centre on the north side takes tyres for free, or a neighbour may "
        "have the right car for them.\n\nKeisha",
        status=Status.RESOLVED,
    )
    draft.inbound(
        start + 26 * HOUR, "I genuinely did not expect that. Thank you, Keisha. I'll be buying my boots from you."
    )
    draft.set_status(start + 27 * HOUR, rep, Status.RESOLVED)
    return [draft]


def lost_toy(ctx: SeedContext) -> list[ConversationDraft]:
    rep = ctx.staff["jun"]
    priyanka = _customer(
        ctx, name="Priyanka Sethi", email="priyanka.sethi@example.org", city="Madison", region="WI", preferred="Priya"
    )
    start = _day(ctx, 16, 19, 5)
    order = _order(
        ctx,
        priyanka,
        ctx.now - dt.timedelta(days=60),
        Order.Status.DELIVERED,
        [("Kids' space boots with Captain Comet figure, size 12 (kids)", "KSB-2201-12K", 1, "54.00")],
    )
    draft = ConversationDraft(
        customer_id=priyanka.pk,
        channel=Channel.EMAIL,
        subject="A letter from Arlo about Captain Comet",
        created_at=start,
        tags=["kids", "gift"],
    )
    draft.inbound(
        start,
        "Hi there, my son Arlo (he is seven) asked me to type this word for word, so here it is:\n\n"
        '"Dear shoe people. The Captain Comet that came with my space boots is lost. I took him to the park and '
        "he was in my pocket and then he was not. I looked under every bench and in the sandpit. Mum says you "
        'probably cannot help but I am asking anyway. From Arlo."\n\nSorry, he insisted! Priya',
    )
    draft.assign(start + 13 * HOUR, rep, assignee=rep, team=rep.team)
    draft.report_problem(
        start + 13 * HOUR + 10 * MINUTE,
        rep,
        order_id=order.pk,
        order_number=order.number,
        kind=ProblemReport.Kind.OTHER,
        description="The toy figure that came with the boots was lost at the park. Not a shipping fault; "
        "sending a new figure free, with a letter for Arlo.",
    )
    draft.reply(
        start + 14 * HOUR,
        rep,
        "Dear Arlo,\n\nThank you for your letter. It was the best one we got all week.\n\nWe have some news. "
        "Captain Comet sent us a message from space: he went on a very secret mission and will not be back for a "
        "long time. But he asked his twin brother to fly straight to your house, and he is already on his way. "
        "He should land in about three days.\n\nCaptain Comet's brother likes pockets with zips best, because "
        "they are like a spaceship hatch.\n\nYour friends at the shoe shop,\nJun\n\n(Priya: the new figure ships "
        "free today, nothing to pay and nothing to send back.)",
        status=Status.WAITING,
    )
    draft.inbound(
        start + 4 * 24 * HOUR,
        "He landed! Arlo read your letter out loud to his grandparents twice. Thank you so much. Priya",
    )
    draft.set_status(start + 4 * 24 * HOUR + 2 * HOUR, rep, Status.RESOLVED)
    return [draft]


def airport_steak(ctx: SeedContext) -> list[ConversationDraft]:
    rep = ctx.staff["theo"]
    des = _customer(
        ctx,
        name="Desmond Achterberg",
        email="des.achterberg@example.com",
        city="Boise",
        region="ID",
        handle=("x", "des_on_the_road"),
    )
    start = _day(ctx, 12, 13, 48)
    draft = ConversationDraft(
        customer_id=des.pk,
        channel=Channel.SOCIAL,
        subject="Public post: landing hungry, wants a steak at arrivals",
        created_at=start,
        priority=Priority.HIGH,
        tags=["social", "wow"],
    )
    draft.inbound(
        start,
        "@des_on_the_road: Six-hour flight, no food on board, landing at 9pm. Dear WowDesk, I would not say no to "
        "a steak waiting at arrivals. Kidding. Mostly. #hungry",
    )
    draft.assign(start + 6 * MINUTE, rep, assignee=rep, team=rep.team)
    draft.note(
        start + 25 * MINUTE,
        rep,
        "He lands at 21:05. The grill by terminal B can do a medium-rare strip with fries to go; I'll drive it "
        "over and meet him at arrivals with a sign.",
    )
    draft.reply(start + 30 * MINUTE, rep, "Safe travels, Desmond! Maybe keep an eye on the arrivals hall tonight.")
    draft.inbound(
        start + 8 * HOUR,
        "@des_on_the_road: I can't believe this. There was a person with a sign and an actual steak. Best landing "
        "of my life. Thank you WowDesk!",
    )
    draft.reply(start + 8 * HOUR + 20 * MINUTE, rep, "Enjoy it, and welcome home!", status=Status.RESOLVED)
    return [draft]


def bereavement(ctx: SeedContext) -> list[ConversationDraft]:
    rep = ctx.staff["pilar"]
    marguerite = _customer(
        ctx, name="Marguerite Oduya", email="m.oduya@example.org", city="Savannah", region="GA", phone="+1 555 912 0087"
    )
    start = _day(ctx, 6, 11, 2)
    order = _order(
        ctx,
        marguerite,
        ctx.now - dt.timedelta(days=30),
        Order.Status.RETURNED,
        [("Leather ankle boots, chestnut, size 11", "ANK-3120-11", 1, "179.00")],
    )
    call_seconds = 3 * 3600 + 14 * 60 + 40
    draft = ConversationDraft(
        customer_id=marguerite.pk,
        channel=Channel.PHONE,
        subject=f"Return of order {order.number}",
        created_at=start,
        actor=rep,
        tags=["return"],
    )
    draft.assign(start, rep, assignee=rep, team=rep.team)
    draft.call(rep, start, call_seconds)
    draft.moment(
        start + 9 * MINUTE,
        rep,
        kind=LifeMoment.Kind.BEREAVEMENT,
        happened_on=(ctx.now - dt.timedelta(days=17)).date(),
        note="Her husband Raymond died two weeks before his birthday; the boots were his present.",
    )
    draft.rapport(
        start + HOUR,
        rep,
        "Raymond walked the river towpath every morning for thirty years; she is thinking of keeping the habit.",
    )
    end = start + dt.timedelta(seconds=call_seconds)
    draft.note(
        end + 5 * MINUTE,
        rep,
        "Return done with no label needed: she may keep or donate the boots, whatever feels right. She wanted to "
        "talk about Raymond, so we did. Suggest sending flowers with a card.",
    )
    draft.reply(
        end + 15 * MINUTE,
        rep,
        "Dear Marguerite,\n\nThank you for telling me about Raymond. The refund for the boots is on its way to "
        "your card, and there is nothing to send back.\n\nWith warm wishes,\nPilar",
        status=Status.RESOLVED,
    )
    return [draft]


def hospital_shoes(ctx: SeedContext) -> list[ConversationDraft]:
    rep, buyer, merch = ctx.staff["rafa"], ctx.staff["lottie"], ctx.staff["ben"]
    tomasz = _customer(ctx, name="Tomasz Wierzbicki", email="tomasz.w@example.net", city="Duluth", region="MN")
    start = _day(ctx, 4, 20, 15)
    draft = ConversationDraft(
        customer_id=tomasz.pk,
        channel=Channel.EMAIL,
        subject="Glitter high-tops for my daughter in hospital",
        created_at=start,
        priority=Priority.HIGH,
        tags=["kids", "huddle"],
    )
    draft.inbound(
        start,
        "Hello,\n\nMy daughter Hania is nine and has been in the children's hospital for a few weeks of treatment. "
        "The one thing she keeps asking for is a pair of purple glitter high-tops she saw on another girl on the "
        "ward. I cannot find them on your site and I think they are from a brand you do not stock. Is there any "
        "chance you could get them? I know it is a long shot.\n\nTomasz",
    )
    draft.assign(start + 12 * HOUR, rep, assignee=rep, team=rep.team)
    draft.moment(
        start + 12 * HOUR + 5 * MINUTE,
        rep,
        kind=LifeMoment.Kind.ILLNESS,
        happened_on=(ctx.now - dt.timedelta(days=21)).date(),
        note="Daughter Hania (9) in the children's hospital for several weeks of treatment.",
    )
    draft.note(
        start + 12 * HOUR + 30 * MINUTE,
        rep,
        "Huddle with Charlotte and Benji from Kids' Shoes. We do not carry that brand, but we do carry purple "
        "light-up high-tops in her size. Plan: those, two pairs of silly socks, and cards from both teams.",
    )
    draft.note(
        start + 13 * HOUR,
        buyer,
        "Found the light-up high-tops in kids' size 3 and a sparkly lace set. Benji is getting the whole kids' "
        "floor to sign a card.",
    )
    draft.note(start + 14 * HOUR, merch, "Card signed by fourteen people, plus a drawing of a unicorn in sneakers.")
    draft.reply(
        start + 15 * HOUR,
        rep,
        "Hi Tomasz,\n\nWe could not get that exact pair, I am sorry. But our kids' shoes team put together "
        "something we hope Hania will love: purple high-tops that light up when she walks, sparkly laces, socks "
        "and a card from all of us. It is going by overnight courier straight to the ward.\n\nWishing her "
        "strength,\nRafael",
        status=Status.WAITING,
    )
    return [draft]


FINANCE_CALLS = (
    (
        "Exchange for a smaller size",
        "Week two on the phones. Helped with an exchange (half size down); asked Marisa where the prepaid label "
        "button is. Caller was patient and funny.",
        14,
    ),
    (
        "When will my refund arrive?",
        "Explained refund timing: our side is instant, the bank takes up to three working days. Realised our FAQ "
        "says five; raised it with Ruth.",
        9,
    ),
    (
        "Gift card balance",
        "Customer wanted to check a gift card balance and ended up telling me about her allotment. Added a "
        "rapport note. Really enjoying these calls.",
        22,
    ),
)


def finance_new_hire(ctx: SeedContext) -> list[ConversationDraft]:
    felix, ruth = ctx.staff["felix"], ctx.staff["ruth"]
    rng = ctx.rng_for("stories:finance")
    if ctx.customers:
        customer_ids = [rng.choice(ctx.customers).id for _ in FINANCE_CALLS]
    else:
        fallback = _customer(ctx, name="Ida Lindqvist", email="ida.lindqvist@example.com", city="Utrecht", country="NL")
        customer_ids = [fallback.pk] * len(FINANCE_CALLS)
    drafts = []
    for i, ((subject, summary, minutes), customer_id) in enumerate(zip(FINANCE_CALLS, customer_ids, strict=True)):
        start = _day(ctx, 8 - 2 * i, 10 + i, 30)
        # No team: the shared queue, where the new hire's calls land.
        draft = ConversationDraft(
            customer_id=customer_id, channel=Channel.PHONE, subject=subject, created_at=start, actor=felix
        )
        draft.assign(start, felix, assignee=felix, team=None)
        draft.call(felix, start, minutes * 60 + 17 * i)
        draft.note(start + dt.timedelta(minutes=minutes + 3), felix, summary)
        if i == 1:
            draft.note(start + 2 * HOUR, ruth, "Nice call, Felix. You explained the refund timing better than our FAQ.")
        draft.set_status(start + dt.timedelta(minutes=minutes + 5), felix, Status.RESOLVED)
        drafts.append(draft)
    return drafts


STORIES: tuple[Callable[[SeedContext], list[ConversationDraft]], ...] = (
    long_call,
    tyres,
    lost_toy,
    airport_steak,
    bereavement,
    hospital_shoes,
    finance_new_hire,
)


def seed_stories(ctx: SeedContext) -> None:
    progress = ctx.progress("journey stories", len(STORIES))
    with transaction.atomic():
        drafts: list[ConversationDraft] = []
        by_story: dict[str, list[ConversationDraft]] = {}
        for story in STORIES:
            by_story[story.__name__] = story(ctx)
            drafts.extend(by_story[story.__name__])
            progress.advance()
        save_drafts(drafts, tag_ids=ctx.tag_ids)
    ctx.stories = len(drafts)
    # Later steps (gestures, grades, cards, legends) extend these same stories.
    ctx.story_conversations.update(
        {name: [d.pk for d in story_drafts if d.pk is not None] for name, story_drafts in by_story.items()}
    )
    progress.finish()
