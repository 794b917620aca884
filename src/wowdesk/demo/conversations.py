"""Ordinary demo conversations: the everyday work around the journey stories.

Generated and written in chunks, so 100,000 or a million conversations
never sit in memory at once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import reset_queries, transaction

from wowdesk.accounts.models import Team, User
from wowdesk.conversations.models import Channel, Priority, Status
from wowdesk.demo.context import HISTORY_DAYS, CustomerRef, OrderRef, SeedContext
from wowdesk.demo.timeline import ConversationDraft, save_drafts
from wowdesk.demo.topics import (
    DEFAULT_CHANNELS,
    GREETINGS,
    REPLY_CLOSERS,
    REPLY_OPENERS,
    SIGN_OFFS,
    TOPICS,
    Topic,
)
from wowdesk.demo.words import COLORS, PLACES, PRODUCTS, SIZES

MINUTE = 60
HOUR = 60 * MINUTE
# Channels the first conversations cycle through, so a tiny demo still has every one.
CHANNEL_CYCLE = tuple(Channel.values)
CHANNEL_OPENING: dict[str, str] = {
    Channel.SOCIAL: "Quick question for the team: ",
    Channel.LETTER: "To whom it may concern, I am writing by post because I prefer paper. ",
}


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def _call_seconds(rng: random.Random) -> int:
    if rng.random() < 0.02:
        # Some calls run for hours; nothing in the product hurries them.
        return rng.randint(3 * HOUR + 5 * MINUTE, 9 * HOUR)
    return int(rng.lognormvariate(6.3, 0.7)) + 45


class ConversationMaker:
    """Builds one ordinary conversation draft at a time from a seeded ``Random``."""

    def __init__(self, ctx: SeedContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.topics = TOPICS
        self.topic_weights = [t.weight for t in TOPICS]
        self.teams = ctx.staff.teams
        self.made = 0

    def _channel(self, topic: Topic) -> str:
        if self.made < len(CHANNEL_CYCLE):
            return CHANNEL_CYCLE[self.made]
        channels = topic.channels or DEFAULT_CHANNELS
        return self.rng.choices(list(channels), list(channels.values()))[0]

    def _values(self, customer: CustomerRef, order: OrderRef | None, rep: User | None) -> dict[str, str]:
        rng = self.rng
        product = order.product if order else rng.choice(PRODUCTS)[0]
        return {
            "first": customer.first_name,
            "rep": rep.first_name if rep else "the team",
            "product": product.lower() if product[0].isupper() and not product.startswith("Kids") else product,
            "color": order.color if order else rng.choice(COLORS),
            "size": order.size if order else rng.choice(SIZES),
            "order": order.number if order else f"WD-{rng.randint(100000, 199999)}",
            "city": rng.choice(PLACES)[0],
        }

    def _message(self, line: str, values: dict[str, str], channel: str, *, first: bool) -> str:
        rng = self.rng
        body = _fill(line, values)
        opening = CHANNEL_OPENING.get(channel, "") if first else ""
        if channel in (Channel.CHAT, Channel.SOCIAL):
            return opening + body
        return f"{rng.choice(GREETINGS)}\n\n{opening}{body}\n\n{rng.choice(SIGN_OFFS)}\n{values['first']}"

    def _reply(self, answer: str, values: dict[str, str]) -> str:
        rng = self.rng
        return "\n\n".join(
            (_fill(rng.choice(REPLY_OPENERS), values), _fill(answer, values), _fill(rng.choice(REPLY_CLOSERS), values))
        )

    def _staffing(self, age: dt.timedelta) -> tuple[User | None, Team | None]:
        """Who handles it. Only recent conversations still wait unassigned (or without a team)."""
        rng = self.rng
        roll = rng.random() if age < dt.timedelta(days=3) else 1.0
        if roll < 0.3:
            return None, None  # the shared queue: no team yet
        team = rng.choice(self.teams)
        if roll < 0.6:
            return None, team
        return rng.choice(self.ctx.staff.members[team.pk]), team

    def make(self) -> ConversationDraft:
        rng, now = self.rng, self.ctx.now
        topic = rng.choices(self.topics, self.topic_weights)[0]
        # Subject, question and answer of one variant belong together.
        variant = rng.randrange(len(topic.subjects))
        opening = topic.openings[variant % len(topic.openings)]
        answer = topic.replies[variant % len(topic.replies)]
        customer = rng.choice(self.ctx.customers)
        channel = self._channel(topic)
        self.made += 1
        age = dt.timedelta(minutes=rng.randint(20, HISTORY_DAYS * 24 * 60))
        assignee, team = self._staffing(age)
        orders = self.ctx.orders_by_customer.get(customer.id)
        order = rng.choice(orders) if orders else None
        values = self._values(customer, order, assignee)
        start = now - age
        # Steps are squeezed into the time between the first message and now.
        room = age.total_seconds() - 60

        def at(seconds: float) -> dt.datetime:
            return start + dt.timedelta(seconds=min(seconds, room))

        is_phone = channel == Channel.PHONE
        draft = ConversationDraft(
            customer_id=customer.id,
            channel=channel,
            subject=_fill(topic.subjects[variant], values)[:300],
            created_at=start,
            actor=assignee if is_phone else None,
            priority=rng.choices(Priority.values, (10, 75, 12, 3))[0],
            tags=list(topic.tags) + (["vip"] if rng.random() < 0.04 else []),
        )
        t = 0.0
        if not is_phone:
            draft.inbound(at(t), self._message(opening, values, channel, first=True))
        if team is not None:
            t += rng.randint(2 * MINUTE, 6 * HOUR)
            draft.assign(at(t), assignee or self.ctx.staff.leads.get(team.pk), assignee=assignee, team=team)
        if assignee is None:
            return draft
        if is_phone:
            seconds = _call_seconds(rng)
            draft.call(assignee, at(t), seconds)
            t += seconds + rng.randint(MINUTE, 10 * MINUTE)
            draft.note(at(t), assignee, f"Call summary: {_fill(opening, values)} {_fill(answer, values)}")
            if rng.random() < 0.5:
                draft.reply(at(t + MINUTE), assignee, self._reply(answer, values))
        else:
            t += rng.randint(5 * MINUTE, 20 * HOUR)
            draft.reply(at(t), assignee, self._reply(answer, values))
        if topic.problem and order is not None:
            draft.report_problem(
                at(t),
                assignee,
                order_id=order.id,
                order_number=order.number,
                kind=topic.problem,
                description=_fill(opening, values),
            )
        if topic.notes and rng.random() < 0.5:
            t += rng.randint(MINUTE, HOUR)
            draft.note(at(t), assignee, _fill(rng.choice(topic.notes), values))
        if topic.followups and rng.random() < 0.6:
            t += rng.randint(30 * MINUTE, 3 * 24 * HOUR)
            draft.inbound(at(t), self._message(rng.choice(topic.followups), values, channel, first=False))
        self._settle(draft, assignee, age, t, at)
        return draft

    def _settle(
        self,
        draft: ConversationDraft,
        assignee: User,
        age: dt.timedelta,
        t: float,
        at: Callable[[float], dt.datetime],
    ) -> None:
        """Old conversations are mostly resolved; recent ones are still moving."""
        rng = self.rng
        roll = rng.random()
        if age > dt.timedelta(days=10):
            status = Status.RESOLVED if roll < 0.92 else Status.WAITING if roll < 0.97 else Status.OPEN
        else:
            status = Status.RESOLVED if roll < 0.45 else Status.WAITING if roll < 0.7 else Status.OPEN
        if status != draft.status:
            draft.set_status(at(t + rng.randint(MINUTE, 2 * HOUR)), assignee, status)


def seed_conversations(ctx: SeedContext) -> None:
    total = max(ctx.options.conversations - ctx.stories, 0)
    progress = ctx.progress("conversations", total)
    maker = ConversationMaker(ctx, ctx.rng_for("conversations"))
    if not ctx.customers:
        progress.finish()
        return
    chunk = ctx.chunk_for(total)
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        drafts = [maker.make() for _ in range(count)]
        with transaction.atomic():
            save_drafts(drafts, tag_ids=ctx.tag_ids)
        # With DEBUG on, Django keeps every query's SQL; bulk inserts are large.
        reset_queries()
        progress.advance(count)
    progress.finish()
