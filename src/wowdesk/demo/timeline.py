"""Conversation drafts: build a conversation's history in memory, then
write many of them with a handful of bulk inserts.

The draft follows the same rules as the conversation services, so seeded
data looks like data the product made: every state change has its event,
``last_activity_at`` is the latest message, note or call, ``preview`` is
the latest message, and ``resolved_at`` is when it was last resolved.

Drafts are built a million at a time for the benchmarks, so they are slotted
dataclasses and read choice labels from a cache instead of translating each time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any

from django.db.models import Choices

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
from wowdesk.demo.rows import RowSink, RowWriter
from wowdesk.orders.models import Order, ProblemReport

BATCH_SIZE = 1000


@cache
def label_of(choices: type[Choices]) -> dict[str, str]:
    """value -> label of a choices class, translated once per run (the active language does not change mid-seed)."""
    return {str(value): str(label) for value, label in choices.choices}


def preview_of(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_LENGTH else flat[: PREVIEW_LENGTH - 1] + "…"


@dataclass(slots=True)
class CallDraft:
    agent: User
    started_at: dt.datetime
    seconds: int
    pk: int | None = None

    @property
    def ended_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(seconds=self.seconds)


@dataclass(slots=True)
class ProblemDraft:
    order_id: int
    kind: str
    description: str
    reported_by: User
    at: dt.datetime
    pk: int | None = None


@dataclass(slots=True)
class EntryDraft:
    kind: str
    at: dt.datetime
    body: str = ""
    author: User | None = None
    event_type: str = ""
    data: dict[str, Any] | None = None
    call: CallDraft | None = None
    problem: ProblemDraft | None = None

    def resolved_data(self) -> dict[str, Any]:
        data = dict(self.data) if self.data else {}
        if self.call is not None and self.call.pk is not None:
            data["call"] = self.call.pk
        if self.problem is not None and self.problem.pk is not None:
            data.update(order=self.problem.order_id, problem=self.problem.pk)
        return data


@dataclass(slots=True)
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
    pk: int | None = None

    def __post_init__(self) -> None:
        label = label_of(Channel)[self.channel]
        self.event(self.created_at, EventType.CREATED, f"Opened via {label}", actor=self.actor)

    # Writing the history, in order.

    def event(
        self, at: dt.datetime, event_type: str, body: str, *, actor: User | None, data: dict[str, Any] | None = None
    ) -> EntryDraft:
        entry = EntryDraft(kind=EntryKind.EVENT, at=at, body=body, author=actor, event_type=event_type, data=data)
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
        labels = label_of(Status)
        self.event(
            at,
            EventType.STATUS_CHANGED,
            f"{labels[old]} → {labels[status]}",
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
        label = label_of(ProblemReport.Kind)[kind]
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
        self.event(at, EventType.LIFE_MOMENT, f"{label_of(LifeMoment.Kind)[kind]}: {note}", actor=author)

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


CONVERSATION_COLUMNS = (
    "id", "created_at", "updated_at", "customer_id", "channel", "subject", "status", "priority",
    "assignee_id", "team_id", "last_activity_at", "preview", "resolved_at", "merged_into_id",
)  # fmt: skip
ENTRY_COLUMNS = ("id", "conversation_id", "kind", "event_type", "author_id", "body", "body_html", "data", "created_at")
CALL_COLUMNS = ("id", "conversation_id", "agent_id", "started_at", "ended_at", "duration_seconds")
PROBLEM_COLUMNS = ("id", "order_id", "kind", "description", "conversation_id", "reported_by_id", "created_at")
TAGGING_COLUMNS = ("id", "conversation_id", "tag_id")


def declare_tables(writer: RowWriter) -> None:
    writer.table(Conversation, CONVERSATION_COLUMNS)
    writer.table(TimelineEntry, ENTRY_COLUMNS)
    writer.table(Call, CALL_COLUMNS)
    writer.table(ProblemReport, PROBLEM_COLUMNS)
    writer.table(TAGGING, TAGGING_COLUMNS)


def _ensure_tags(drafts: list[ConversationDraft], tag_ids: dict[str, int]) -> None:
    missing = {name for d in drafts for name in d.tags if name not in tag_ids}
    for tag in Tag.objects.bulk_create([Tag(name=name) for name in sorted(missing)]):
        tag_ids[tag.name] = tag.pk


def write_draft(w: RowSink, draft: ConversationDraft, tag_ids: dict[str, int], lost_orders: set[int]) -> None:
    """Put one draft's rows into ``w`` and set ``draft.pk``; orders whose parcel was lost go into ``lost_orders``.

    Precondition: every tag the draft names is in ``tag_ids``. This runs a
    million times for a benchmark data set, hence the local variables.
    """
    ts, add = w.ts, w.add
    pk = draft.pk = w.next_id(Conversation)
    last_activity = ts(draft.last_activity_at)
    assignee, team, resolved_at = draft.assignee, draft.team, draft.resolved_at
    add(
        Conversation,
        (
            pk, ts(draft.created_at), last_activity, draft.customer_id, draft.channel, draft.subject,
            draft.status, draft.priority, assignee.id if assignee else None, team.id if team else None,
            last_activity, draft.preview, ts(resolved_at) if resolved_at else None, None,
        ),
    )  # fmt: skip
    for call in draft.calls:
        call.pk = w.next_id(Call)
        add(Call, (call.pk, pk, call.agent.id, ts(call.started_at), ts(call.ended_at), call.seconds))
    for problem in draft.problems:
        problem.pk = w.next_id(ProblemReport)
        row = (problem.pk, problem.order_id, problem.kind, problem.description, pk, problem.reported_by.id)
        add(ProblemReport, (*row, ts(problem.at)))
        if problem.kind in (ProblemReport.Kind.LOST_IN_TRANSIT, ProblemReport.Kind.NEVER_ARRIVED):
            lost_orders.add(problem.order_id)
    # Ids follow time, so "ORDER BY created_at, id" and "ORDER BY id" agree, as they do for live data.
    json = w.json
    for entry in sorted(draft.entries, key=_AT):
        author = entry.author
        data = entry.resolved_data() if entry.call or entry.problem else entry.data or {}
        add(
            TimelineEntry,
            (
                w.next_id(TimelineEntry), pk, entry.kind, entry.event_type, author.id if author else None,
                entry.body, "", json(data), ts(entry.at),
            ),
        )  # fmt: skip
    tags = draft.tags
    for name in sorted(set(tags)) if len(tags) > 1 else tags:
        add(TAGGING, (w.next_id(TAGGING), pk, tag_ids[name]))


TAGGING = Conversation.tags.through
_AT = attrgetter("at")


def save_drafts(drafts: list[ConversationDraft], *, tag_ids: dict[str, int], writer: RowWriter | None = None) -> None:
    """Write the drafts with the row writer (given, or one of its own that is closed here).

    Caller holds a transaction. Each draft's ``pk`` is set. Rapport notes and
    life moments are few (stories only) and go through the ORM.
    """
    w = writer or RowWriter()
    declare_tables(w)
    _ensure_tags(drafts, tag_ids)
    lost_orders: set[int] = set()
    for draft in drafts:
        write_draft(w, draft, tag_ids, lost_orders)
    w.flush()
    if lost_orders:
        # As problem_report_create does: a parcel that never came is a lost order.
        Order.objects.filter(pk__in=lost_orders).update(status=Order.Status.LOST)
    notes, moments = [], []
    for draft in drafts:
        for note in draft.rapport_notes:
            note.conversation_id = draft.pk
            notes.append(note)
        for moment in draft.life_moments:
            moment.conversation_id = draft.pk
            moments.append(moment)
    RapportNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    LifeMoment.objects.bulk_create(moments, batch_size=BATCH_SIZE)
    if writer is None:
        w.close()
