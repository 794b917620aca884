"""Conversation drafts: build a conversation's history in memory, then
write many of them with a handful of bulk inserts.

The draft follows the same rules as the conversation services, so seeded
data looks like data the product made: every state change has its event,
``last_activity_at`` is the latest message, note or call, ``preview`` is
the latest message, and ``resolved_at`` is when it was last resolved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from wowdesk.accounts.models import Team, User
from wowdesk.conversations.models import (
    Call,
    Channel,
    Conversation,
    EntryKind,
    EventType,
    Priority,
    Status,
    Tag,
    TimelineEntry,
)
from wowdesk.conversations.services import PREVIEW_LENGTH, format_duration
from wowdesk.customers.models import LifeMoment, RapportNote
from wowdesk.orders.models import Order, ProblemReport

BATCH_SIZE = 1000


def preview_of(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_LENGTH else flat[: PREVIEW_LENGTH - 1] + "…"


@dataclass
class CallDraft:
    agent: User
    started_at: dt.datetime
    seconds: int
    obj: Call | None = None

    @property
    def ended_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(seconds=self.seconds)


@dataclass
class ProblemDraft:
    order_id: int
    kind: str
    description: str
    reported_by: User
    at: dt.datetime
    obj: ProblemReport | None = None


@dataclass
class EntryDraft:
    kind: str
    at: dt.datetime
    body: str = ""
    author: User | None = None
    event_type: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    call: CallDraft | None = None
    problem: ProblemDraft | None = None

    def resolved_data(self) -> dict[str, Any]:
        data = dict(self.data)
        if self.call is not None and self.call.obj is not None:
            data["call"] = self.call.obj.pk
        if self.problem is not None and self.problem.obj is not None:
            data.update(order=self.problem.order_id, problem=self.problem.obj.pk)
        return data


@dataclass
class ConversationDraft:
    customer_id: int
    channel: str
    subject: str
    created_at: dt.datetime
    actor: User | None = None
    priority: str = Priority.NORMAL
    tags: list[str] = field(default_factory=list)
    team: Team | None = None
    assignee: User | None = None
    status: str = Status.NEW
    resolved_at: dt.datetime | None = None
    entries: list[EntryDraft] = field(default_factory=list)
    calls: list[CallDraft] = field(default_factory=list)
    problems: list[ProblemDraft] = field(default_factory=list)
    rapport_notes: list[RapportNote] = field(default_factory=list)
    life_moments: list[LifeMoment] = field(default_factory=list)
    obj: Conversation | None = None

    def __post_init__(self) -> None:
        self.event(self.created_at, EventType.CREATED, f"Opened via {Channel(self.channel).label}", actor=self.actor)

    # Writing the history, in order.

    def event(
        self, at: dt.datetime, event_type: str, body: str, *, actor: User | None, data: dict[str, Any] | None = None
    ) -> EntryDraft:
        entry = EntryDraft(kind=EntryKind.EVENT, at=at, body=body, author=actor, event_type=event_type, data=data or {})
        self.entries.append(entry)
        return entry

    def inbound(self, at: dt.datetime, body: str) -> None:
        self.entries.append(EntryDraft(kind=EntryKind.INBOUND, at=at, body=body))
        if self.status in (Status.RESOLVED, Status.WAITING):
            self.set_status(at, None, Status.OPEN)

    def reply(self, at: dt.datetime, author: User, body: str, *, status: str | None = None) -> None:
        self.entries.append(EntryDraft(kind=EntryKind.OUTBOUND, at=at, body=body, author=author))
        new_status = status or (Status.OPEN if self.status == Status.NEW else None)
        if new_status and new_status != self.status:
            self.set_status(at, author, new_status)

    def note(self, at: dt.datetime, author: User, body: str) -> None:
        self.entries.append(EntryDraft(kind=EntryKind.NOTE, at=at, body=body, author=author))

    def set_status(self, at: dt.datetime, actor: User | None, status: str) -> None:
        old = self.status
        self.status = status
        self.resolved_at = at if status == Status.RESOLVED else None
        self.event(
            at,
            EventType.STATUS_CHANGED,
            f"{Status(old).label} → {Status(status).label}",
            actor=actor,
            data={"from": old, "to": status},
        )

    def assign(self, at: dt.datetime, actor: User | None, *, assignee: User | None, team: Team | None) -> None:
        old = {"assignee": self.assignee.pk if self.assignee else None, "team": self.team.pk if self.team else None}
        self.assignee, self.team = assignee, team
        who = assignee.display_name if assignee else "nobody"
        where = team.name if team else "no team"
        new = {"assignee": assignee.pk if assignee else None, "team": team.pk if team else None}
        self.event(at, EventType.ASSIGNED, f"Assigned to {who} ({where})", actor=actor, data={"from": old, "to": new})
        if self.status == Status.NEW and assignee is not None:
            self.set_status(at, actor, Status.OPEN)

    def call(self, agent: User, started_at: dt.datetime, seconds: int) -> CallDraft:
        call = CallDraft(agent=agent, started_at=started_at, seconds=seconds)
        self.calls.append(call)
        started = self.event(started_at, EventType.CALL_STARTED, "Call started", actor=agent)
        started.call = call
        ended = self.event(
            call.ended_at,
            EventType.CALL_ENDED,
            f"Call ended after {format_duration(seconds)}",
            actor=agent,
            data={"duration_seconds": seconds},
        )
        ended.call = call
        return call

    def report_problem(
        self, at: dt.datetime, actor: User, *, order_id: int, order_number: str, kind: str, description: str
    ) -> None:
        problem = ProblemDraft(order_id=order_id, kind=kind, description=description, reported_by=actor, at=at)
        self.problems.append(problem)
        label = ProblemReport.Kind(kind).label
        entry = self.event(at, EventType.PROBLEM_REPORTED, f"{label} on order {order_number}", actor=actor)
        entry.problem = problem

    def rapport(self, at: dt.datetime, author: User, body: str) -> None:
        self.rapport_notes.append(RapportNote(customer_id=self.customer_id, author=author, body=body, created_at=at))
        self.event(at, EventType.RAPPORT_NOTE, body, actor=author)

    def moment(self, at: dt.datetime, author: User, *, kind: str, happened_on: dt.date, note: str) -> None:
        moment = LifeMoment(
            customer_id=self.customer_id,
            kind=kind,
            happened_on=happened_on,
            note=note,
            recorded_by=author,
            created_at=at,
        )
        self.life_moments.append(moment)
        self.event(at, EventType.LIFE_MOMENT, f"{LifeMoment.Kind(kind).label}: {note}", actor=author)

    # What the services keep denormalised on the conversation.

    @property
    def last_activity_at(self) -> dt.datetime:
        times = [self.created_at]
        times += [e.at for e in self.entries if e.kind != EntryKind.EVENT]
        times += [t for c in self.calls for t in (c.started_at, c.ended_at)]
        return max(times)

    @property
    def preview(self) -> str:
        messages = [e for e in self.entries if e.kind in (EntryKind.INBOUND, EntryKind.OUTBOUND)]
        return preview_of(messages[-1].body) if messages else ""

    def build(self) -> Conversation:
        return Conversation(
            customer_id=self.customer_id,
            channel=self.channel,
            subject=self.subject,
            status=self.status,
            priority=self.priority,
            assignee=self.assignee,
            team=self.team,
            last_activity_at=self.last_activity_at,
            preview=self.preview,
            resolved_at=self.resolved_at,
            created_at=self.created_at,
        )


def save_drafts(drafts: list[ConversationDraft], *, tag_ids: dict[str, int]) -> None:
    """Write the drafts: one bulk insert per table. Caller holds a transaction."""
    conversations = [d.build() for d in drafts]
    Conversation.objects.bulk_create(conversations, batch_size=BATCH_SIZE)
    for draft, conversation in zip(drafts, conversations, strict=True):
        draft.obj = conversation

    calls = []
    for draft in drafts:
        for call in draft.calls:
            call.obj = Call(
                conversation=draft.obj,
                agent=call.agent,
                started_at=call.started_at,
                ended_at=call.ended_at,
                duration_seconds=call.seconds,
            )
            calls.append(call.obj)
    Call.objects.bulk_create(calls, batch_size=BATCH_SIZE)

    problems = []
    lost_orders = set()
    for draft in drafts:
        for problem in draft.problems:
            problem.obj = ProblemReport(
                order_id=problem.order_id,
                conversation=draft.obj,
                kind=problem.kind,
                description=problem.description,
                reported_by=problem.reported_by,
                created_at=problem.at,
            )
            problems.append(problem.obj)
            if problem.kind in (ProblemReport.Kind.LOST_IN_TRANSIT, ProblemReport.Kind.NEVER_ARRIVED):
                lost_orders.add(problem.order_id)
    ProblemReport.objects.bulk_create(problems, batch_size=BATCH_SIZE)
    if lost_orders:
        # As problem_report_create does: a parcel that never came is a lost order.
        Order.objects.filter(pk__in=lost_orders).update(status=Order.Status.LOST)

    TimelineEntry.objects.bulk_create(
        (
            TimelineEntry(
                conversation=draft.obj,
                kind=entry.kind,
                event_type=entry.event_type,
                author=entry.author,
                body=entry.body,
                data=entry.resolved_data(),
                created_at=entry.at,
            )
            for draft in drafts
            for entry in sorted(draft.entries, key=lambda e: e.at)
        ),
        batch_size=BATCH_SIZE,
    )

    through = Conversation.tags.through
    missing = {name for d in drafts for name in d.tags if name not in tag_ids}
    for tag in Tag.objects.bulk_create([Tag(name=name) for name in sorted(missing)]):
        tag_ids[tag.name] = tag.pk
    through.objects.bulk_create(
        (
            through(conversation_id=conversation.pk, tag_id=tag_ids[name])
            for draft, conversation in zip(drafts, conversations, strict=True)
            for name in sorted(set(draft.tags))
        ),
        batch_size=BATCH_SIZE,
    )

    notes = [n for d in drafts for n in d.rapport_notes]
    moments = [m for d in drafts for m in d.life_moments]
    for draft in drafts:
        for note in draft.rapport_notes:
            note.conversation = draft.obj
        for moment in draft.life_moments:
            moment.conversation = draft.obj
    RapportNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    LifeMoment.objects.bulk_create(moments, batch_size=BATCH_SIZE)
