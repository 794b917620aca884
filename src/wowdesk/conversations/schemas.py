"""API schemas for conversations, their timeline and phone calls."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from wowdesk.api.common import CustomerRefOut, Id, PageQuery, TeamRefOut, Text, UserRefOut
from wowdesk.conversations.models import Channel, Conversation, EntryKind, EventType, Priority, Status

MAX_BODY = 100_000
TagText = Annotated[Text, Field(max_length=50)]
Scope = Literal["all", "mine", "team", "unassigned"]
Sort = Literal["activity", "-activity", "created", "-created"]


def _tag_names(obj: Conversation) -> list[str]:
    # Reads the prefetched tags; the selectors prefetch them ordered by name.
    return [tag.name for tag in obj.tags.all()]


class ConversationItemOut(Schema):
    id: int
    subject: str
    channel: Channel
    status: Status
    priority: Priority
    customer: CustomerRefOut
    assignee: UserRefOut | None
    team: TeamRefOut | None
    tags: list[str]
    preview: str
    last_activity_at: dt.datetime
    created_at: dt.datetime

    @staticmethod
    def resolve_tags(obj: Conversation) -> list[str]:
        return _tag_names(obj)


class ConversationPageOut(Schema):
    items: list[ConversationItemOut]
    next_cursor: str | None


class CallOut(Schema):
    """A call. Its duration is shown here and on its conversation, never ranked."""

    id: int
    conversation_id: int
    agent: UserRefOut
    started_at: dt.datetime
    ended_at: dt.datetime | None
    duration_seconds: int | None
    in_progress: bool


class CallPageOut(Schema):
    items: list[CallOut]
    next_cursor: str | None


class ConversationOut(Schema):
    id: int
    subject: str
    channel: Channel
    status: Status
    priority: Priority
    customer: CustomerRefOut
    assignee: UserRefOut | None
    team: TeamRefOut | None
    tags: list[str]
    preview: str
    last_activity_at: dt.datetime
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    merged_into_id: int | None
    calls: list[CallOut]

    @staticmethod
    def resolve_tags(obj: Conversation) -> list[str]:
        return _tag_names(obj)

    @staticmethod
    def resolve_calls(obj: Conversation) -> list[Any]:
        return list(obj.calls.all())


class ConversationCreateIn(Schema):
    customer_id: Id
    channel: Channel
    subject: Text = Field(..., max_length=300)
    body: Text = Field("", max_length=MAX_BODY, description="The first message, as plain text")
    body_html: Text = Field("", max_length=MAX_BODY, description="The first message as HTML; it is sanitised")
    direction: Literal["inbound", "outbound"] = Field(
        "inbound", description="Who spoke first: the customer (inbound) or the rep (outbound)"
    )
    team_id: Id | None = Field(None, description="None leaves it in the shared queue")
    assignee_id: Id | None = None
    priority: Priority = Priority.NORMAL
    tags: list[TagText] = Field(default_factory=list, max_length=20)


class InboxQuery(PageQuery):
    scope: Scope = "all"
    status: Status | None = None
    channel: Channel | None = None
    tag: TagText | None = None
    sort: Sort = Field("activity", description="activity/created, newest first; '-' for oldest first")


class TimelineEntryOut(Schema):
    id: int
    conversation_id: int
    kind: EntryKind
    event_type: EventType | Literal[""]
    author: UserRefOut | None
    body: str
    body_html: str
    data: dict[str, Any]
    created_at: dt.datetime


class TimelinePageOut(Schema):
    items: list[TimelineEntryOut]
    next_cursor: str | None


class ReplyIn(Schema):
    body: Text = Field(..., max_length=MAX_BODY)
    status: Status | None = Field(None, description="Change the status with the reply, e.g. to waiting")


class NoteIn(Schema):
    body: Text = Field(..., max_length=MAX_BODY)


class StatusIn(Schema):
    status: Status


class AssignIn(Schema):
    """Both keys are required: null means nobody / no team (the shared queue)."""

    assignee_id: Id | None
    team_id: Id | None


class PriorityIn(Schema):
    priority: Priority


class TagsIn(Schema):
    tags: list[TagText] = Field(..., max_length=20, description="The complete new set of tags")


class TagsOut(Schema):
    tags: list[str]


class ConversationMergeIn(Schema):
    into_id: Id = Field(..., description="The conversation that survives; this one is merged into it.")
