"""Demo recognition: three past months of Heroes (with Sidekicks) and
Managers of the Month, closed the way the monthly task closes them, and
this month's open vote, with the journey-6 hospital story nominated: the
rep who handled it as Hero, the kids' shoes colleagues as Sidekicks
(journey 10).

Nominations go through the recognition services with their dates set in
the month they belong to, so the demo obeys the same rules as the product
(evidence the nominator can see, no self-votes, one vote each).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from wowdesk.accounts.models import User
from wowdesk.cards.periods import day_bounds, local_day, month_of, next_month, previous_month
from wowdesk.conversations.models import Conversation
from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.recognition.models import AwardKind, Nomination
from wowdesk.recognition.permissions import reports_to_lead
from wowdesk.recognition.services import award_month_close, nomination_create, nomination_vote

PAST_MONTHS = 3

HERO_STORIES = (
    "A customer's wedding shoes went to the wrong city two days before the wedding. {hero} found the same pair "
    "in a store near the venue, called them, and had them held at the desk under the bride's name.",
    "{hero} stayed on the phone while a customer's father, who is losing his sight, tried on boots at home, "
    "describing each pair by feel until they found the one he liked.",
    "A school's whole choir needed black shoes for a concert. {hero} pulled together thirty pairs in the right "
    "sizes from three warehouses and shipped them in one box, with a good-luck note.",
    "When a parcel was stolen from a porch, {hero} did not wait for the carrier's claim: a new pair went out the "
    "same afternoon, and a follow-up call the next day to be sure.",
    "{hero} noticed a customer ordering the same slippers every few months for a care home and set up a standing "
    "order with the staff, with a note for each resident.",
)
SIDEKICK_LINE = " {sidekicks} helped make it happen."
MANAGER_STORIES = (
    "Takes the late calls on the busiest nights so the rest of the team can get home, and never mentions it.",
    "Every one of us has had a call go sideways; {lead} always asks what we learned, never how long it took.",
    "Ran our team's card time every single day this month and always wrote the first card of the session.",
)
HOSPITAL_STORY = (
    "Tomasz wrote in about his daughter Hania, nine and in hospital for weeks, who dreamed of purple glitter "
    "high-tops from a brand we do not carry. Rafael did not say no: he pulled in Charlotte and Benji from Kids' "
    "Shoes, and together they found light-up purple high-tops in her size, sparkly laces, silly socks and a card "
    "signed by the whole kids' floor, sent overnight to the ward."
)
LONG_CALL_STORY = (
    "Lorna called to order walking shoes and stayed on the line for most of a working day, talking through her move "
    "to Albuquerque. Marisa never hurried her, kept notes on neighbourhoods and interviews, and followed up with her "
    "own list of places to try first."
)


def _moment(month: dt.date, day: int, hour: int = 11) -> dt.datetime:
    start, _ = day_bounds(month + dt.timedelta(days=day - 1))
    return start + dt.timedelta(hours=hour)


def _evidence(user: User, before: dt.datetime, rng: random.Random) -> Conversation | None:
    """One of ``user``'s conversations from before ``before``, to point the nomination at."""
    options = list(
        Conversation.objects.filter(assignee=user, merged_into__isnull=True, created_at__lt=before)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:10]
    )
    if not options:
        return None
    return Conversation.objects.select_related("customer").get(pk=rng.choice(options))


def _try(action: Callable[[], object]) -> None:
    """Demo voters follow the product's rules; a vote the rules refuse is simply not cast."""
    with contextlib.suppress(ValidationError):
        action()


def _past_month(ctx: SeedContext, rng: random.Random, month: dt.date, helpers: list[User]) -> None:
    teams = ctx.staff.teams
    reps = [u for team in teams for u in ctx.staff.members.get(team.pk, []) if u.role == User.Role.REP]
    nominations: list[Nomination] = []
    for i, team in enumerate(rng.sample(teams, k=min(2, len(teams)))):
        members = [u for u in ctx.staff.members.get(team.pk, []) if u.role == User.Role.REP]
        if len(members) < 2:
            continue
        hero, nominator = rng.sample(members, 2)
        when = _moment(month, 8 + 7 * i)
        conversation = _evidence(hero, when, rng)
        if conversation is None:
            continue
        sidekicks = rng.sample(helpers + [m for m in members if m not in (hero, nominator)], k=rng.choice((0, 1, 2)))
        story = rng.choice(HERO_STORIES).format(hero=hero.first_name)
        if sidekicks:
            story += SIDEKICK_LINE.format(sidekicks=" and ".join(s.first_name for s in sidekicks))
        nominations.append(
            nomination_create(
                nominator=nominator,
                kind=AwardKind.HERO,
                nominee=hero,
                story=story,
                conversation=conversation,
                sidekicks=sidekicks,
                now=when,
            )
        )
    lead_team = teams[(month.month + month.year) % len(teams)] if teams else None
    lead = ctx.staff.leads.get(lead_team.pk) if lead_team else None
    team_reps = [u for u in ctx.staff.members.get(lead_team.pk, []) if u.role == User.Role.REP] if lead_team else []
    if lead is not None and team_reps:
        nominations.append(
            nomination_create(
                nominator=rng.choice(team_reps),
                kind=AwardKind.MANAGER,
                nominee=lead,
                story=rng.choice(MANAGER_STORIES).format(lead=lead.first_name),
                now=_moment(month, 12),
            )
        )
    voters = [*reps, *ctx.staff.leads.values(), *helpers]
    for voter in voters:
        for kind in AwardKind.values:
            choices = [n for n in nominations if n.kind == kind]
            if choices and rng.random() < 0.75:
                nomination = rng.choice(choices)
                when = _moment(month, 20, hour=9 + rng.randint(0, 8))
                _try(partial(nomination_vote, voter=voter, nomination=nomination, now=when))
    close_at, _ = day_bounds(next_month(month))
    for kind in sorted({n.kind for n in nominations}):
        award_month_close(kind=kind, month=month, now=close_at + dt.timedelta(minutes=15))


def _this_month(ctx: SeedContext, rng: random.Random) -> None:
    """This month's open vote: the hospital story, the long call and a lead, with a few votes already in."""
    staff = ctx.staff.by_username
    now = ctx.now
    nominations: list[Nomination] = []
    hospital = ctx.story_conversations.get("hospital_shoes")
    if hospital and {"rafa", "sunniva", "lottie", "ben"} <= set(staff):
        conversation = Conversation.objects.select_related("customer").get(pk=hospital[0])
        nominations.append(
            nomination_create(
                nominator=staff["sunniva"],
                kind=AwardKind.HERO,
                nominee=staff["rafa"],
                story=HOSPITAL_STORY,
                conversation=conversation,
                sidekicks=[staff["lottie"], staff["ben"]],
                now=now,
            )
        )
    long_call = ctx.story_conversations.get("long_call")
    if long_call and {"marisa", "theo"} <= set(staff):
        nominations.append(
            nomination_create(
                nominator=staff["theo"],
                kind=AwardKind.HERO,
                nominee=staff["marisa"],
                story=LONG_CALL_STORY,
                conversation=Conversation.objects.get(pk=long_call[0]),
                now=now,
            )
        )
    if {"gus", "keisha"} <= set(staff):
        nominations.append(
            nomination_create(
                nominator=staff["keisha"],
                kind=AwardKind.MANAGER,
                nominee=staff["gus"],
                story="Covered the phones himself through the storm week so the rest of us could get home safely.",
                now=now,
            )
        )
    # A few colleagues have voted already; the demo login's votes are left for whoever walks the demo.
    for name in ("keisha", "omar", "dev", "noa", "ben", "callum"):
        voter = staff.get(name)
        if voter is None or voter.username == DEMO_USERNAME:
            continue
        for nomination in nominations:
            if nomination.kind == AwardKind.MANAGER and not reports_to_lead(voter):
                continue
            if rng.random() < 0.6:
                _try(partial(nomination_vote, voter=voter, nomination=nomination, now=now))


def seed_recognition(ctx: SeedContext) -> None:
    progress = ctx.progress("recognition", PAST_MONTHS + 1)
    rng = ctx.rng_for("recognition")
    helpers = [ctx.staff.by_username[n] for n in ("lottie", "ben", "felix") if n in ctx.staff.by_username]
    current = month_of(local_day(ctx.now))
    with transaction.atomic():
        month = current
        months = []
        for _ in range(PAST_MONTHS):
            month = previous_month(month)
            months.append(month)
        for month in reversed(months):
            _past_month(ctx, rng, month, helpers)
            progress.advance()
        _this_month(ctx, rng)
    progress.finish()
