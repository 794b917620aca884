"""Ordinary demo conversations: the everyday work around the journey stories.

Generated and written in chunks, so 100,000 or a million conversations
never sit in memory at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from bisect import bisect
from collections.abc import Callable
from functools import partial
from itertools import accumulate
from pathlib import Path

from django.db import reset_queries, transaction
from django.db.models import Model

from wowdesk.accounts.models import Team, User
from wowdesk.conversations.models import Call, Channel, Conversation, Priority, Status, TimelineEntry
from wowdesk.demo.context import HISTORY_DAYS, CustomerRef, OrderRef, SeedContext
from wowdesk.demo.parallel import ChunkPlan, in_worker, map_chunks
from wowdesk.demo.rows import RowBlock, RowWriter
from wowdesk.demo.spool import Spool
from wowdesk.demo.timeline import ConversationDraft, declare_tables, write_draft
from wowdesk.demo.topics import (
    DEFAULT_CHANNELS,
    GREETINGS,
    REPLY_CLOSERS,
    REPLY_OPENERS,
    SIGN_OFFS,
    THANKS,
    TOPICS,
    Topic,
)
from wowdesk.demo.words import ASIDES, COLORS, PLACES, PRODUCTS, SIZES
from wowdesk.orders.models import Order, ProblemReport

MINUTE = 60
HOUR = 60 * MINUTE
# Channels the first conversations cycle through, so a tiny demo still has every one.
CHANNEL_CYCLE = tuple(Channel.values)
CHANNEL_OPENING: dict[str, str] = {
    Channel.SOCIAL: "Quick question for the team: ",
    Channel.LETTER: "To whom it may concern, I am writing by post because I prefer paper. ",
}


ASIDE_THRESHOLDS = list(accumulate(per_mille for _text, per_mille in ASIDES))


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


def _call_seconds(rng: random.Random) -> int:
    if rng.random() < 0.02:
        # Some calls run for hours; nothing in the product hurries them.
        return rng.randint(3 * HOUR + 5 * MINUTE, 9 * HOUR)
    return int(rng.lognormvariate(6.3, 0.7)) + 45


class _NotYet(Exception):
    """A step of a demo conversation that would happen after now."""


class ConversationMaker:
    """Builds one ordinary conversation draft at a time from a seeded ``Random``."""

    def __init__(self, ctx: SeedContext, rng: random.Random, *, made: int = 0) -> None:
        self.ctx = ctx
        self.rng = rng
        self.topics = TOPICS
        self.topic_weights = list(accumulate(t.weight for t in TOPICS))
        self.teams = ctx.staff.teams
        self.priorities = tuple(Priority.values)
        self.priority_weights = list(accumulate((10, 75, 12, 3)))
        self.channels = {
            topic.key: (tuple(chosen), list(accumulate(chosen.values())))
            for topic in TOPICS
            for chosen in [topic.channels or DEFAULT_CHANNELS]
        }
        # How many conversations were made before this maker's first (by other makers, for other chunks).
        self.made = made

    def _channel(self, topic: Topic) -> str:
        if self.made < len(CHANNEL_CYCLE):
            return CHANNEL_CYCLE[self.made]
        channels, weights = self.channels[topic.key]
        return self.rng.choices(channels, cum_weights=weights)[0]

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

    def _aside(self) -> str:
        """A personal aside, or nothing: each one in ``ASIDES`` per thousand first messages."""
        roll = self.rng.random() * 1000
        index = bisect(ASIDE_THRESHOLDS, roll)
        return f"\n\n{ASIDES[index][0]}" if index < len(ASIDES) else ""

    def _message(self, line: str, values: dict[str, str], channel: str, *, first: bool) -> str:
        rng = self.rng
        body = _fill(line, values) + (self._aside() if first else "")
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
        topic = rng.choices(self.topics, cum_weights=self.topic_weights)[0]
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
        # The conversation stops at the first step that would come after now: it is still under
        # way. (Squeezing late steps in before now piled young conversations onto one minute.)
        room = age.total_seconds() - 60

        def at(seconds: float) -> dt.datetime:
            if seconds > room:
                raise _NotYet
            return start + dt.timedelta(seconds=seconds)

        is_phone = channel == Channel.PHONE
        draft = ConversationDraft(
            customer_id=customer.id,
            channel=channel,
            subject=_fill(topic.subjects[variant], values)[:300],
            created_at=start,
            actor=assignee if is_phone else None,
            priority=rng.choices(self.priorities, cum_weights=self.priority_weights)[0],
            tags=list(topic.tags) + (["vip"] if rng.random() < 0.04 else []),
        )
        if not is_phone:
            draft.inbound(start, self._message(opening, values, channel, first=True))
        with contextlib.suppress(_NotYet):
            self._steps(draft, topic, answer, opening, values, team, assignee, order, age, at)
        return draft

    def _steps(
        self,
        draft: ConversationDraft,
        topic: Topic,
        answer: str,
        opening: str,
        values: dict[str, str],
        team: Team | None,
        assignee: User | None,
        order: OrderRef | None,
        age: dt.timedelta,
        at: Callable[[float], dt.datetime],
    ) -> None:
        """Everything after the first message, in order; ``at`` raises ``_NotYet`` past now."""
        rng, is_phone = self.rng, draft.channel == Channel.PHONE
        t = 0.0
        if team is not None:
            t += rng.randint(2 * MINUTE, 6 * HOUR)
            draft.assign(at(t), assignee or self.ctx.staff.leads.get(team.pk), assignee=assignee, team=team)
        if assignee is None:
            return
        if is_phone:
            seconds = _call_seconds(rng)
            at(t + seconds)  # a call still running now is left out with what follows it
            draft.call(assignee, at(t), seconds)
            t += seconds + rng.randint(MINUTE, 10 * MINUTE)
            draft.note(at(t), assignee, f"Call summary: {_fill(opening, values)} {_fill(answer, values)}")
            if rng.random() < 0.8:
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
        if rng.random() < 0.85:
            t += rng.randint(30 * MINUTE, 3 * 24 * HOUR)
            followup = rng.choice(topic.followups or THANKS)
            draft.inbound(at(t), self._message(followup, values, draft.channel, first=False))
        self._settle(draft, assignee, age, t, at)

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


# Upper bounds per ordinary conversation, to size each chunk's id ranges (see ``ChunkPlan``).
MAX_ENTRIES = 24
MAX_TAGS = 8


TAGGING = Conversation.tags.through


def _make_chunk(
    ctx: SeedContext, plan: ChunkPlan, sqlite: bool, spool: Spool | None, index: int
) -> tuple[RowBlock | Path, set[int]]:
    """Build chunk ``index``: its own seeded ``Random``, so the result depends on nothing else.

    In a worker with a spool the rows go into the worker's scratch file and
    only the lost orders travel back; otherwise the block itself does.
    """
    maker = ConversationMaker(ctx, ctx.rng_for(f"conversations:{index}"), made=plan.first(index))
    block = RowBlock(sqlite=sqlite, ranges=plan.ranges(index))
    lost_orders: set[int] = set()
    for _ in range(plan.items_in(index)):
        write_draft(block, maker.make(), ctx.tag_ids, lost_orders)
    if spool is not None and in_worker():
        return spool.write(block, f"conversations-{index}"), lost_orders
    return block, lost_orders


def seed_conversations(ctx: SeedContext) -> None:
    total = max(ctx.options.conversations - ctx.stories, 0)
    progress = ctx.progress("conversations", total)
    if not ctx.customers or not total:
        progress.finish()
        return
    writer = RowWriter()
    declare_tables(writer)
    per: dict[type[Model], int] = {
        Conversation: 1,
        TimelineEntry: MAX_ENTRIES,
        Call: 1,
        ProblemReport: 1,
        TAGGING: MAX_TAGS,
    }
    plan = ChunkPlan(
        total=total, size=ctx.chunk_for(total), bases={model: writer.peek_id(model) for model in per}, per=per
    )
    # On SQLite, workers also turn their rows into pages, in scratch files merged below (ATTACH, which
    # the merge needs, cannot run inside a transaction: a seed inside one, as in tests, skips the spool).
    spooling = writer.sqlite and not writer.connection.in_atomic_block
    spool = Spool({model: writer.db_columns(model) for model in plan.bases}) if spooling else None
    job = partial(_make_chunk, ctx, plan, writer.sqlite, spool)
    for index, (block, lost_orders) in enumerate(map_chunks(job, plan.count, workers=ctx.options.workers)):
        if isinstance(block, Path):
            assert spool is not None
            spool.merge_one(block)
            writer.reserve(plan.ranges(index))
        with transaction.atomic():
            if isinstance(block, RowBlock):
                writer.take(block)
            if lost_orders:
                # As problem_report_create does: a parcel that never came is a lost order.
                Order.objects.filter(pk__in=lost_orders).update(status=Order.Status.LOST)
        # With DEBUG on, Django keeps every query's SQL; bulk inserts are large.
        reset_queries()
        progress.advance(plan.items_in(index))
    if spool is not None:
        spool.close()
    writer.close()
    progress.finish()
