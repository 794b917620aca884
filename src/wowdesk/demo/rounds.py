"""Demo rounds: today's round half worked, and the three days before it as history.

Each round is made by the real ``round_generate`` as of that morning, so
its items are the demo's own recoveries, late parcels, failed email,
mentions, waiting conversations and coming life moments. Two quiet
customers get a life moment in the next few days first, so the nicest
kind of check shows up even in a tiny demo. Items are then claimed, done and skipped
through the services by people who may see them, with notes in the
voice of a rep writing down what they did.

Cheap at any size: every source is a few index reads with a limit, so a
round holds a few dozen items however many conversations the demo has.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.customers.models import Customer, LifeMoment
from wowdesk.customers.services import life_moment_add
from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.rounds.models import Audience, RoundItem, Source
from wowdesk.rounds.services import round_generate, round_item_claim, round_item_complete, round_item_skip

PAST_DAYS = 3
MINUTE = dt.timedelta(minutes=1)
# Upcoming moments go to customers with no conversation for this long, looked for among the last few created.
QUIET_FOR = dt.timedelta(days=21)
QUIET_CANDIDATES = 40

DONE_NOTES: dict[str, tuple[str, ...]] = {
    Source.RECOVERY: (
        "Rang her back, said sorry properly and fixed the exchange while we talked.",
        "Called, listened for a good while; he is happy again and a coupon is on its way.",
    ),
    Source.FAILED_EMAIL: (
        "The address had a typo. Called the customer, fixed it and sent the reply again.",
        "No working email; phoned instead and read the answer out.",
    ),
    Source.SHIPMENT: (
        "Chased the carrier: it was stuck at the depot, out for delivery tomorrow. Told the customer.",
        "Packed and handed to the courier this morning, tracking added.",
    ),
    Source.ORDER_RECORD: (
        "Refund went through on the second try; emailed the customer to say so.",
        "Checked with finance, the replacement left the warehouse today.",
    ),
    Source.MENTION: (
        "Replied on the post and sent a direct message; we are on the phone with her tomorrow.",
        "Thanked him publicly and passed his kind words to the rep he named.",
    ),
    Source.WAITING: (
        "Picked it up, answered everything and set it waiting on the customer.",
        "Called instead of writing again; sorted in five minutes.",
    ),
    Source.LIFE_MOMENT: (
        "Sent a handwritten card to wish them luck with the move.",
        "Called to say congratulations; she laughed and told me all about it.",
    ),
}
SKIP_REASONS = (
    "Already handled yesterday by the night shift.",
    "The customer asked us not to call about this again.",
    "Sorted on another conversation with the same customer.",
)
UPCOMING_MOMENTS = (
    (LifeMoment.Kind.MOVING, 2, "Moving to Albuquerque for a new job; worried the boots will not arrive in time."),
    (LifeMoment.Kind.WEDDING, 4, "Her daughter's wedding; she is the one giving the speech."),
)


def _morning(ctx: SeedContext, days_ago: int) -> dt.datetime:
    """Half past seven on that local day, but never later than an hour before the demo's "now"."""
    day = timezone.localdate(ctx.now) - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return max(start, min(start + dt.timedelta(hours=7, minutes=30), ctx.now - 60 * MINUTE))


def _upcoming_moments(ctx: SeedContext) -> None:
    """Two customers nobody has talked to lately get a moment coming up, so card suggestions stay as they were."""
    demo = ctx.staff.by_username.get(DEMO_USERNAME)
    if demo is None or not ctx.customers:
        return
    today = timezone.localdate(ctx.now)
    tail = [ref.id for ref in ctx.customers[-QUIET_CANDIDATES:]]
    recent = set(
        Conversation.objects.filter(customer_id__in=tail, last_activity_at__gte=ctx.now - QUIET_FOR).values_list(
            "customer_id", flat=True
        )
    )
    quiet = [pk for pk in reversed(tail) if pk not in recent][: len(UPCOMING_MOMENTS)]
    customers = {c.pk: c for c in Customer.objects.filter(pk__in=quiet)}
    for pk, (kind, days, note) in zip(quiet, UPCOMING_MOMENTS, strict=False):
        life_moment_add(
            actor=demo, customer=customers[pk], kind=kind, happened_on=today + dt.timedelta(days=days), note=note
        )


def _worker(ctx: SeedContext, rng: random.Random, item: RoundItem) -> User | None:
    """Somebody who may see the item: its conversation's team, a lead for leads-only mail, anyone otherwise."""
    if item.audience == Audience.LEADS:
        return ctx.staff.by_username.get(DEMO_USERNAME)
    team_id = item.conversation.team_id if item.conversation is not None else None
    people = ctx.staff.members.get(team_id) if team_id is not None else None
    if not people:
        people = [u for members in ctx.staff.members.values() for u in members]
    return rng.choice(people) if people else None


def _work(ctx: SeedContext, rng: random.Random, start: dt.datetime, *, share_finished: float) -> None:
    """Claim and finish the round's items at plausible moments of that day (and never after the demo's now)."""
    day = timezone.localdate(start)
    next_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    until = min(ctx.now, next_day - MINUTE)
    items = list(RoundItem.objects.filter(round__day=day).select_related("conversation").order_by("position", "id"))
    span = max((until - start).total_seconds(), 0)
    for index, item in enumerate(items):
        worker = _worker(ctx, rng, item)
        roll = rng.random()
        if worker is None or roll > share_finished + 0.2:
            continue  # nobody got to it
        claimed_at = start + dt.timedelta(seconds=span * rng.random() * 0.6)
        if roll > share_finished:
            round_item_claim(actor=worker, item=item, now=claimed_at)
            continue
        finished_at = claimed_at + dt.timedelta(seconds=(until - claimed_at).total_seconds() * rng.random())
        round_item_claim(actor=worker, item=item, now=claimed_at)
        if index % 7 == 3:
            round_item_skip(actor=worker, item=item, reason=rng.choice(SKIP_REASONS), now=finished_at)
        else:
            note = rng.choice(DONE_NOTES.get(item.source, DONE_NOTES[Source.WAITING]))
            round_item_complete(actor=worker, item=item, note=note, now=finished_at)


def seed_rounds(ctx: SeedContext) -> None:
    progress = ctx.progress("rounds", PAST_DAYS + 1)
    rng = ctx.rng_for("rounds")
    with transaction.atomic():
        _upcoming_moments(ctx)
        for days_ago in range(PAST_DAYS, 0, -1):
            morning = _morning(ctx, days_ago)
            round_generate(now=morning, refresh=False)
            # Past days: most of it got done; what was not stays in the history as it was left.
            _work(ctx, rng, morning, share_finished=0.75)
            progress.advance()
        morning = _morning(ctx, 0)
        round_generate(now=morning, refresh=False)
        _work(ctx, rng, morning, share_finished=0.35)
        progress.advance()
    progress.finish()
