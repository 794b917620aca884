"""Demo cards: each team's card time, several weeks of cards (drawings and
poems among them) with past Cards of the Week, and today's card time for
the demo login (journey 7).

For journey 7 the demo login picks up a few waiting conversations today:
the history is written the way the conversation services write it (an
assignment, a call, a rapport note or life moment, a reply), so today's
suggestions have something personal to show. No conversation or customer
is added, so the counts other steps promise stay as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Min
from PIL import Image, ImageDraw

from wowdesk.accounts.models import User
from wowdesk.cards.models import Card, CardTimeSetting, CardVote, drawing_path, weekdays_to_mask
from wowdesk.cards.periods import day_bounds, local_day, week_of
from wowdesk.cards.services import card_week_close, has_postal_address
from wowdesk.conversations.models import Call, Conversation, EntryKind, EventType, Status, TimelineEntry
from wowdesk.conversations.services import format_duration
from wowdesk.customers.models import Customer, LifeMoment, RapportNote
from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.demo.timeline import preview_of
from wowdesk.orders.models import Order, OrderItem

PAST_WEEKS = 6
# Conversations the weeks of cards are drawn from.
CARD_SAMPLE = 20_000
DRAWINGS = 6

# team name -> (minutes, ISO weekdays, start)
CARD_TIME = {
    "Lighthouse": (15, (1, 2, 3, 4, 5), dt.time(16, 30)),
    "Harbor": (20, (1, 2, 3, 4, 5), dt.time(16, 0)),
    "Evergreen": (15, (1, 2, 3, 4), dt.time(17, 0)),
}

MESSAGES = (
    "Dear {first},\n\nThank you for calling us this week. I hope the {product} feel like old friends by now. "
    "If they ever pinch, you know where we are.",
    "Hi {first},\n\nIt was a real pleasure to talk with you. Enjoy {city} this season, and I hope every walk "
    "in your new {product} is a good one.",
    "Dear {first},\n\nI am still smiling about our conversation. Thank you for your patience while we sorted "
    "out the parcel; I hope it made up for the wait.",
    "Hello {first},\n\nJust a note to say thank you for choosing us, and for the kind words on the phone. "
    "Customers like you make the day fly by.",
    "Dear {first},\n\nCongratulations again! I hope the {product} see you through all of it. "
    "Wishing you a wonderful few months ahead.",
    "Hi {first},\n\nThank you for letting me help. I wrote this at my desk with a cup of tea, thinking about "
    "how you described {city} in spring. It sounded lovely.",
)

POEMS = (
    "A parcel late, a worried week,\na call, a laugh, a fix to seek;\nnow boots that fit and roads that wind:\n"
    "may every step be warm and kind.",
    "New streets, new keys,\nnew morning light;\nold shoes retire,\nthe new ones fit just right.",
    "We talked of rain and garden beds,\nof sizes, laces, reds and reds;\nthe shoes are small,\nthe thanks is tall.",
    "Left foot, right foot,\nout the door:\nthe world is yours\nto walk and more.",
)


@dataclass(frozen=True)
class Drawing:
    name: str
    width: int
    height: int


def _drawing_png(rng: random.Random, motif: int) -> bytes:
    """A small hand-drawn-looking picture, made in code so the demo ships no image files."""
    width, height = 480, 320
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    colour = rng.choice(("#c2410c", "#1d4ed8", "#15803d", "#7c3aed", "#db2777", "#0f766e"))
    if motif == 0:  # a sun over hills
        pen.ellipse((330, 30, 420, 120), outline="#f59e0b", width=6)
        pen.arc((-60, 180, 260, 420), 180, 360, fill=colour, width=6)
        pen.arc((180, 200, 540, 460), 180, 360, fill=colour, width=6)
    elif motif == 1:  # a heart
        pen.ellipse((150, 80, 250, 180), outline=colour, width=6)
        pen.ellipse((230, 80, 330, 180), outline=colour, width=6)
        pen.line((158, 150, 240, 260, 322, 150), fill=colour, width=6)
    elif motif == 2:  # a flower
        for dx, dy in ((0, -50), (50, 0), (0, 50), (-50, 0)):
            pen.ellipse((240 + dx - 30, 140 + dy - 30, 240 + dx + 30, 140 + dy + 30), outline=colour, width=5)
        pen.ellipse((220, 120, 260, 160), fill="#f59e0b")
        pen.line((240, 190, 240, 300), fill="#15803d", width=6)
    elif motif == 3:  # a shoe with laces
        pen.rounded_rectangle((90, 170, 390, 250), radius=30, outline=colour, width=6)
        pen.line((90, 235, 390, 235), fill=colour, width=4)
        for x in range(170, 260, 22):
            pen.line((x, 175, x + 14, 200), fill=colour, width=3)
    elif motif == 4:  # a lighthouse
        pen.polygon(((210, 280), (270, 280), (255, 110), (225, 110)), outline=colour, width=5)
        pen.rectangle((218, 80, 262, 110), outline="#f59e0b", width=5)
        pen.line((262, 95, 420, 60), fill="#f59e0b", width=3)
        pen.line((262, 95, 420, 130), fill="#f59e0b", width=3)
    else:  # balloons
        for i, x in enumerate((170, 240, 310)):
            pen.ellipse((x - 35, 60 + 15 * i, x + 35, 150 + 15 * i), outline=colour, width=5)
            pen.line((x, 150 + 15 * i, 240, 290), fill="#5f6b7a", width=2)
    for _ in range(rng.randint(3, 7)):  # a few stray crayon dots
        x, y = rng.randint(10, width - 10), rng.randint(10, height - 10)
        pen.ellipse((x - 3, y - 3, x + 3, y + 3), fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _store_drawings(rng: random.Random) -> list[Drawing]:
    """A handful of drawings, stored once through the storage API and shared by the demo cards."""
    drawings = []
    for motif in range(DRAWINGS):
        name = default_storage.save(drawing_path(None, "drawing.png"), ContentFile(_drawing_png(rng, motif)))
        drawings.append(Drawing(name=name, width=480, height=320))
    return drawings


def seed_card_time(ctx: SeedContext) -> None:
    settings = []
    for team in ctx.staff.teams:
        minutes, days, start = CARD_TIME.get(team.name, (15, (1, 2, 3, 4, 5), dt.time(16, 30)))
        lead = ctx.staff.leads.get(team.pk)
        settings.append(
            CardTimeSetting(
                team=team, minutes=minutes, weekdays_mask=weekdays_to_mask(days), starts_at=start, updated_by=lead
            )
        )
    CardTimeSetting.objects.bulk_create(settings)


def _when_in_week(rng: random.Random, ctx: SeedContext, week: dt.date) -> dt.datetime | None:
    """A card-time moment in ``week`` (an afternoon), never after the seeding moment."""
    day = week + dt.timedelta(days=rng.randint(0, 4))
    start, _end = day_bounds(day)
    moment = start + dt.timedelta(hours=16, minutes=rng.randint(0, 59))
    if moment < ctx.now:
        return moment
    # This week: somewhere between Monday morning and now, if there is room.
    first, _ = day_bounds(week)
    room = (ctx.now - first).total_seconds() - 600
    return first + dt.timedelta(seconds=rng.uniform(0, room)) if room > 0 else None


def _card(
    ctx: SeedContext,
    rng: random.Random,
    *,
    author: User,
    customer: Customer,
    conversation_id: int | None,
    at: dt.datetime,
    drawings: list[Drawing],
    product: str,
) -> Card:
    first = customer.greeting_name
    message = rng.choice(MESSAGES).format(first=first, product=product, city=customer.city or "your town")
    style = rng.random()
    drawing = rng.choice(drawings) if style < 0.35 else None
    poem = rng.choice(POEMS) if 0.35 <= style < 0.55 else ""
    day = local_day(at)
    age = ctx.now - at
    if age > dt.timedelta(days=10):
        status = Card.Status.MAILED
    elif age > dt.timedelta(days=3):
        status = rng.choice((Card.Status.PRINTED, Card.Status.MAILED))
    else:
        status = Card.Status.WRITTEN
    return Card(
        author=author,
        team=author.team,
        customer=customer,
        conversation_id=conversation_id,
        message=message,
        poem=poem,
        drawing=drawing.name if drawing else "",
        drawing_width=drawing.width if drawing else None,
        drawing_height=drawing.height if drawing else None,
        delivery=Card.Delivery.MAIL,
        status=status,
        recipient_name=customer.name,
        postal_address=customer.postal_address,
        name_shared=rng.random() < 0.4,
        written_on=day,
        week=week_of(day),
        printed_at=at + dt.timedelta(hours=18) if status != Card.Status.WRITTEN else None,
        mailed_at=at + dt.timedelta(days=1) if status == Card.Status.MAILED else None,
        created_at=at,
    )


def seed_weeks_of_cards(
    ctx: SeedContext, rng: random.Random, drawings: list[Drawing], *, spare: set[int]
) -> list[Card]:
    authors = [u for members in ctx.staff.members.values() for u in members]
    # Cards go to a sample of conversations: reading every one (a million, for the benchmark) to
    # pick a few hundred would be most of this step's time. Ids are dense, so sample the range.
    bounds = Conversation.objects.aggregate(low=Min("id"), high=Max("id"))
    low, high = bounds["low"] or 0, bounds["high"] or 0
    ids = range(low, high + 1)
    sample = sorted(rng.sample(ids, min(len(ids), CARD_SAMPLE)))
    rows = list(
        Conversation.objects.filter(pk__in=sample, assignee__in=authors, merged_into__isnull=True)
        .order_by("id")
        .values_list("id", "assignee_id", "customer_id")
    )
    customers = Customer.objects.in_bulk({customer_id for _, _, customer_id in rows})
    by_author: dict[int, list[tuple[int, Customer]]] = {}
    for conversation_id, author_id, customer_id in rows:
        customer = customers[customer_id]
        if customer_id not in spare and has_postal_address(customer):
            by_author.setdefault(author_id, []).append((conversation_id, customer))
    products = ("walking shoes", "boots", "trainers", "sandals", "slippers", "running shoes")
    this_week = week_of(local_day(ctx.now))
    cards: list[Card] = []
    for weeks_ago in range(PAST_WEEKS, -1, -1):
        week = this_week - dt.timedelta(days=7 * weeks_ago)
        for author in authors:
            options = by_author.get(author.pk)
            if not options or rng.random() < 0.35:
                continue  # a week without cards is fine
            for _ in range(rng.choice((1, 1, 2, 3))):
                at = _when_in_week(rng, ctx, week)
                if at is None:
                    continue
                conversation_id, customer = rng.choice(options)
                cards.append(
                    _card(
                        ctx,
                        rng,
                        author=author,
                        customer=customer,
                        conversation_id=conversation_id,
                        at=at,
                        drawings=drawings,
                        product=rng.choice(products),
                    )
                )
    Card.objects.bulk_create(cards, batch_size=1000)
    return cards


def seed_story_cards(ctx: SeedContext, rng: random.Random, drawings: list[Drawing]) -> None:
    """Cards that belong to the journey stories: Marisa's card for Lorna's move, by email."""
    long_call = ctx.story_conversations.get("long_call")
    if not long_call:
        return
    conversation = Conversation.objects.select_related("customer", "assignee").get(pk=long_call[0])
    customer, author = conversation.customer, conversation.assignee
    email = customer.emails.order_by("-is_primary", "id").first()
    if author is None or email is None:
        return
    at = max(conversation.last_activity_at + dt.timedelta(hours=2), ctx.now - dt.timedelta(days=2))
    at = min(at, ctx.now - dt.timedelta(minutes=5))
    day = local_day(at)
    Card.objects.create(
        author=author,
        team=author.team,
        customer=customer,
        conversation=conversation,
        message=(
            f"Dear {customer.greeting_name},\n\nGood luck with the move and both interviews! I hope the new "
            "walking shoes find the bosque trail on the very first weekend, and that the burritos live up to "
            "the hype."
        ),
        poem=POEMS[1],
        delivery=Card.Delivery.EMAIL,
        status=Card.Status.EMAILED,
        recipient_name=customer.name,
        email_to=email.email,
        name_shared=True,
        written_on=day,
        week=week_of(day),
        emailed_at=at + dt.timedelta(minutes=2),
        created_at=at,
    )


def seed_card_votes(ctx: SeedContext, rng: random.Random) -> None:
    """Votes for every week's cards; past weeks are closed the way the weekly task closes them."""
    voters = [u for members in ctx.staff.members.values() for u in members] + [
        ctx.staff.by_username[name] for name in ("lottie", "ben", "felix") if name in ctx.staff.by_username
    ]
    demo = ctx.staff.by_username.get(DEMO_USERNAME)
    this_week = week_of(local_day(ctx.now))
    by_week: dict[dt.date, list[Card]] = {}
    for card in Card.objects.order_by("created_at", "id"):
        by_week.setdefault(card.week, []).append(card)
    votes = []
    for week, cards in sorted(by_week.items()):
        for voter in voters:
            # Leave the demo login's vote for this week to the person walking the demo.
            if week == this_week and voter == demo:
                continue
            choices = [c for c in cards if c.author_id != voter.pk]
            if not choices or rng.random() < 0.3:
                continue
            card = rng.choice(choices)
            at = min(card.created_at + dt.timedelta(hours=rng.randint(1, 60)), ctx.now - dt.timedelta(minutes=1))
            votes.append(CardVote(week=week, voter=voter, card=card, created_at=at))
    CardVote.objects.bulk_create(votes, batch_size=1000)
    for week in sorted(by_week):
        if week < this_week:
            week_end, _ = day_bounds(week + dt.timedelta(days=7))
            card_week_close(week=week, now=week_end + dt.timedelta(minutes=20))


# Journey 7: today's card time for the demo login ---------------------------------


@dataclass(frozen=True)
class TodayStory:
    signal: str
    note: str
    reply: str
    moment: tuple[str, str] | None = None


TODAY_STORIES = (
    TodayStory(
        signal="life_moment",
        moment=(LifeMoment.Kind.NEW_BABY, "Twins, Ada and Otto, born last week; she ordered soft shoes for both."),
        note="Lives above a bakery and says the twins already wake up for the morning bread.",
        reply="Congratulations to all four of you! The soft shoes are on their way, two pairs, no charge for "
        "express. Sleep when they sleep.",
    ),
    TodayStory(
        signal="long_call",
        note="Training for a first half marathon in March; her running club meets by the river on Sundays.",
        reply="Lovely to talk through every option with you. The trainers we settled on ship today, and I have "
        "put a note on your account so whoever you speak to next knows about March.",
    ),
    TodayStory(
        signal="problem_solved",
        note="A retired postman; he still walks his old route every morning and knows every dog on it.",
        reply="The replacement pair is out for delivery and the label for the first one is in your inbox. "
        "Thank you for bearing with us.",
    ),
    TodayStory(
        signal="first_order",
        note="First time buying shoes online; her granddaughter talked her into it and helped with the sizing.",
        reply="Welcome! Your first order is on its way. If the size is not perfect, exchanges are free and "
        "we will sort it out together.",
    ),
)


def seed_todays_card_time(ctx: SeedContext) -> set[int]:
    """Give the demo login a few of today's conversations with something personal in each.

    Returns their customers, who get no other demo card (a recent card would
    rightly keep them out of today's suggestions).
    """
    demo = ctx.staff.by_username.get(DEMO_USERNAME)
    if demo is None or demo.team is None:
        return set()
    story_ids = {pk for ids in ctx.story_conversations.values() for pk in ids}
    start_of_day = ctx.now - dt.timedelta(hours=6)
    waiting = (
        Conversation.objects.filter(merged_into__isnull=True, status__in=[Status.NEW, Status.OPEN, Status.WAITING])
        .filter(last_activity_at__lt=start_of_day - dt.timedelta(minutes=30))
        .exclude(pk__in=story_ids)
        .select_related("customer")
        .order_by("-last_activity_at", "-id")
    )
    # Conversations nobody has picked up yet first, then the demo login's own open ones.
    candidates = list(waiting.filter(assignee__isnull=True)[:40]) + list(waiting.filter(assignee=demo)[:40])
    with_orders = set(
        Order.objects.filter(customer_id__in=[c.customer_id for c in candidates]).values_list("customer_id", flat=True)
    )
    used_customers: set[int] = set()
    picked: list[tuple[Conversation, TodayStory]] = []
    for story in TODAY_STORIES:
        for conversation in candidates:
            if conversation.customer_id in used_customers or any(conversation.pk == p.pk for p, _ in picked):
                continue
            if story.signal == "first_order" and conversation.customer_id in with_orders:
                continue
            picked.append((conversation, story))
            used_customers.add(conversation.customer_id)
            break
    for i, (conversation, story) in enumerate(picked):
        _today_story(ctx, demo, conversation, story, at=start_of_day + dt.timedelta(minutes=40 * i))
    # Keep the rest of demo's recent customers free of cards too, so card time has choices.
    recent = Conversation.objects.filter(assignee=demo, last_activity_at__gte=ctx.now - dt.timedelta(days=7))
    return used_customers | set(recent.values_list("customer_id", flat=True))


def _event(
    conversation: Conversation, at: dt.datetime, actor: User, event_type: str, body: str, **data: object
) -> TimelineEntry:
    return TimelineEntry(
        conversation=conversation,
        kind=EntryKind.EVENT,
        event_type=event_type,
        author=actor,
        body=body,
        data=data,
        created_at=at,
    )


def _today_story(
    ctx: SeedContext, demo: User, conversation: Conversation, story: TodayStory, *, at: dt.datetime
) -> None:
    """Write today's part of one conversation as the services would, then update its denormalised fields."""
    entries: list[TimelineEntry] = []
    current = conversation.status
    if conversation.assignee_id is None:
        where = demo.team.name if demo.team else "no team"
        change = {
            "from": {"assignee": None, "team": conversation.team_id},
            "to": {"assignee": demo.pk, "team": demo.team_id},
        }
        entries.append(
            _event(conversation, at, demo, EventType.ASSIGNED, f"Assigned to {demo.display_name} ({where})", **change)
        )
        if current == Status.NEW:
            entries.append(
                _event(
                    conversation,
                    at,
                    demo,
                    EventType.STATUS_CHANGED,
                    "New → Open",
                    **{"from": Status.NEW, "to": Status.OPEN},
                )
            )
            current = Status.OPEN
    t = at + dt.timedelta(minutes=5)
    customer = conversation.customer
    note = RapportNote(customer=customer, author=demo, conversation=conversation, body=story.note, created_at=t)
    entries.append(_event(conversation, t, demo, EventType.RAPPORT_NOTE, note.body))
    note.save()
    if story.moment is not None:
        kind, text = story.moment
        LifeMoment.objects.create(
            customer=customer,
            kind=kind,
            happened_on=local_day(ctx.now) - dt.timedelta(days=6),
            note=text,
            recorded_by=demo,
            conversation=conversation,
            created_at=t,
        )
        entries.append(_event(conversation, t, demo, EventType.LIFE_MOMENT, f"{LifeMoment.Kind(kind).label}: {text}"))
    if story.signal == "long_call":
        seconds = 95 * 60 + 12
        call = Call.objects.create(
            conversation=conversation,
            agent=demo,
            started_at=t,
            ended_at=t + dt.timedelta(seconds=seconds),
            duration_seconds=seconds,
        )
        entries.append(_event(conversation, t, demo, EventType.CALL_STARTED, "Call started", call=call.pk))
        t += dt.timedelta(seconds=seconds)
        entries.append(
            _event(
                conversation,
                t,
                demo,
                EventType.CALL_ENDED,
                f"Call ended after {format_duration(seconds)}",
                call=call.pk,
                duration_seconds=seconds,
            )
        )
    if story.signal == "first_order":
        order = Order.objects.create(
            customer=customer,
            number=ctx.order_number(),
            status=Order.Status.PLACED,
            total="64.00",
            placed_at=t,
            created_at=t,
        )
        OrderItem.objects.create(
            order=order, description="Soft leather house shoes, size 7", sku="HSE-2207-7", unit_price="64.00"
        )
    reply_at = t + dt.timedelta(minutes=10)
    entries.append(
        TimelineEntry(
            conversation=conversation,
            kind=EntryKind.OUTBOUND,
            author=demo,
            body=story.reply,
            created_at=reply_at,
        )
    )
    status, resolved_at = current, None
    if story.signal == "problem_solved" and current != Status.RESOLVED:
        label = f"{Status(current).label} → {Status.RESOLVED.label}"
        entries.append(
            _event(
                conversation,
                reply_at,
                demo,
                EventType.STATUS_CHANGED,
                label,
                **{"from": current, "to": Status.RESOLVED},
            )
        )
        status, resolved_at = Status.RESOLVED, reply_at
    TimelineEntry.objects.bulk_create(entries)
    Conversation.objects.filter(pk=conversation.pk).update(
        assignee=demo,
        team=conversation.team if conversation.assignee_id else demo.team,
        status=status,
        resolved_at=resolved_at,
        last_activity_at=reply_at,
        preview=preview_of(story.reply),
        updated_at=reply_at,
    )


def seed_cards(ctx: SeedContext) -> None:
    progress = ctx.progress("cards", 4)
    rng = ctx.rng_for("cards")
    with transaction.atomic():
        seed_card_time(ctx)
        progress.advance()
        spare = seed_todays_card_time(ctx)
        progress.advance()
        drawings = _store_drawings(rng)
        seed_weeks_of_cards(ctx, rng, drawings, spare=spare)
        seed_story_cards(ctx, rng, drawings)
        progress.advance()
        seed_card_votes(ctx, rng)
    progress.finish()
