"""JSON API for conversations: the inbox, one conversation, its timeline, the
actions reps take on it, and phone calls."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from wowdesk.accounts.models import Team, User
from wowdesk.accounts.selectors import staff_get, team_get
from wowdesk.api import reads
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.conversations import services
from wowdesk.conversations.models import Call, Conversation, TimelineEntry
from wowdesk.conversations.schemas import (
    AssignIn,
    CallOut,
    CallPageOut,
    ConversationCreateIn,
    ConversationMergeIn,
    ConversationOut,
    ConversationPageOut,
    InboxQuery,
    NoteIn,
    PriorityIn,
    ReplyIn,
    StatusIn,
    TagsIn,
    TagsOut,
    TimelineEntryOut,
    TimelinePageOut,
)
from wowdesk.conversations.selectors import InboxFilters, call_get_for_user, conversation_get_for_user, inbox
from wowdesk.core.errors import field_error
from wowdesk.customers.selectors import customer_get_for_user

router = Router(tags=["conversations"])


def _detail(conversation: Conversation) -> Conversation:
    return reads.conversation_with_tags_and_calls(conversation=conversation)


def _assignee(field: str, pk: int | None) -> User | None:
    return None if pk is None else referenced(field, lambda: staff_get(pk=pk))


def _team(field: str, pk: int | None) -> Team | None:
    return None if pk is None else referenced(field, lambda: team_get(pk=pk))


@router.get("/conversations", response={200: ConversationPageOut, **ERRORS}, operation_id="conversation_list")
def conversation_list(request: HttpRequest, filters: Query[InboxQuery]) -> dict[str, Any]:
    """The inbox: filter by scope (mine, team, unassigned), status, channel and tag."""
    user = actor(request)
    inbox_filters = InboxFilters(
        scope=filters.scope,
        status=filters.status or "",
        channel=filters.channel or "",
        tag=(filters.tag or "").strip().lower(),
        sort=filters.sort,
    )
    return paged(filters, lambda cursor, size: inbox(user=user, filters=inbox_filters, cursor=cursor, size=size))


@router.post("/conversations", response={201: ConversationOut, **ERRORS}, operation_id="conversation_create")
def conversation_create(request: HttpRequest, payload: ConversationCreateIn) -> Status[Conversation]:
    user = actor(request)
    # The lookups are reads and stay outside the service's transaction: on SQLite a write
    # transaction holds the database's one write lock, so it should hold nothing but writes.
    with fields_renamed({"customer": "customer_id", "assignee": "assignee_id"}):
        customer = referenced("customer_id", lambda: customer_get_for_user(user=user, pk=payload.customer_id))
        team, assignee = _team("team_id", payload.team_id), _assignee("assignee_id", payload.assignee_id)
        conversation = services.conversation_create(
            actor=user,
            customer=customer,
            channel=payload.channel,
            subject=payload.subject,
            body=payload.body,
            body_html=payload.body_html,
            direction=payload.direction,
            team=team,
            assignee=assignee,
            priority=payload.priority,
            tags=payload.tags,
        )
    return Status(201, _detail(conversation))


@router.get("/conversations/{pk}", response={200: ConversationOut, **ERRORS}, operation_id="conversation_get")
def conversation_get(request: HttpRequest, pk: PathId) -> Conversation:
    return _detail(conversation_get_for_user(user=actor(request), pk=pk))


@router.get(
    "/conversations/{pk}/timeline", response={200: TimelinePageOut, **ERRORS}, operation_id="conversation_timeline"
)
def conversation_timeline(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """Oldest first, including the entries of conversations merged into this one."""
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    return paged(page, lambda cursor, size: reads.timeline_page(conversation=conversation, cursor=cursor, size=size))


@router.post(
    "/conversations/{pk}/replies", response={201: TimelineEntryOut, **ERRORS}, operation_id="conversation_reply"
)
def conversation_reply(request: HttpRequest, pk: PathId, payload: ReplyIn) -> Status[TimelineEntry]:
    user = actor(request)
    with transaction.atomic():
        conversation = conversation_get_for_user(user=user, pk=pk)
        entry = services.conversation_reply(
            actor=user, conversation=conversation, body=payload.body, status=payload.status
        )
    return Status(201, entry)


@router.post("/conversations/{pk}/notes", response={201: TimelineEntryOut, **ERRORS}, operation_id="conversation_note")
def conversation_note(request: HttpRequest, pk: PathId, payload: NoteIn) -> Status[TimelineEntry]:
    """An internal note: staff only, never sent to the customer."""
    user = actor(request)
    with transaction.atomic():
        conversation = conversation_get_for_user(user=user, pk=pk)
        entry = services.conversation_add_note(actor=user, conversation=conversation, body=payload.body)
    return Status(201, entry)


@router.post(
    "/conversations/{pk}/status", response={200: ConversationOut, **ERRORS}, operation_id="conversation_set_status"
)
def conversation_set_status(request: HttpRequest, pk: PathId, payload: StatusIn) -> Conversation:
    user = actor(request)
    with transaction.atomic():
        conversation = conversation_get_for_user(user=user, pk=pk)
        services.conversation_change_status(actor=user, conversation=conversation, status=payload.status)
    return _detail(conversation)


@router.post(
    "/conversations/{pk}/assignment", response={200: ConversationOut, **ERRORS}, operation_id="conversation_assign"
)
def conversation_assign(request: HttpRequest, pk: PathId, payload: AssignIn) -> Conversation:
    user = actor(request)
    with transaction.atomic(), fields_renamed({"assignee": "assignee_id"}):
        conversation = conversation_get_for_user(user=user, pk=pk)
        services.conversation_assign(
            actor=user,
            conversation=conversation,
            assignee=_assignee("assignee_id", payload.assignee_id),
            team=_team("team_id", payload.team_id),
        )
    return _detail(conversation)


@router.post(
    "/conversations/{pk}/priority", response={200: ConversationOut, **ERRORS}, operation_id="conversation_set_priority"
)
def conversation_set_priority(request: HttpRequest, pk: PathId, payload: PriorityIn) -> Conversation:
    user = actor(request)
    with transaction.atomic():
        conversation = conversation_get_for_user(user=user, pk=pk)
        services.conversation_set_priority(actor=user, conversation=conversation, priority=payload.priority)
    return _detail(conversation)


@router.put("/conversations/{pk}/tags", response={200: TagsOut, **ERRORS}, operation_id="conversation_set_tags")
def conversation_set_tags(request: HttpRequest, pk: PathId, payload: TagsIn) -> dict[str, list[str]]:
    user = actor(request)
    with transaction.atomic():
        conversation = conversation_get_for_user(user=user, pk=pk)
        tags = services.conversation_set_tags(actor=user, conversation=conversation, names=payload.tags)
    return {"tags": tags}


@router.post("/conversations/{pk}/merge", response={200: ConversationOut, **ERRORS}, operation_id="conversation_merge")
def conversation_merge(request: HttpRequest, pk: PathId, payload: ConversationMergeIn) -> Conversation:
    """Merge this conversation into ``into_id``; answers with the survivor."""
    user = actor(request)
    with transaction.atomic(), fields_renamed({"target": "into_id"}):
        source = conversation_get_for_user(user=user, pk=pk)
        if source.pk != pk:
            # The getter follows merges; merging the survivor instead would surprise.
            raise field_error("source", str(_("This conversation was already merged.")))
        target = referenced("into_id", lambda: conversation_get_for_user(user=user, pk=payload.into_id))
        survivor = services.conversation_merge(actor=user, source=source, target=target)
    return _detail(conversation_get_for_user(user=user, pk=survivor.pk))


@router.get(
    "/conversations/{pk}/calls", response={200: CallPageOut, **ERRORS}, operation_id="call_list", tags=["calls"]
)
def call_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first. There is no sort by duration, on purpose."""
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    return paged(page, lambda cursor, size: reads.calls_page(conversation=conversation, cursor=cursor, size=size))


@router.post("/conversations/{pk}/calls", response={201: CallOut, **ERRORS}, operation_id="call_start", tags=["calls"])
def call_start(request: HttpRequest, pk: PathId) -> Status[Call]:
    """Start a call; it runs, without any time limit, until someone stops it."""
    user = actor(request)
    with transaction.atomic():
        conversation = conversation_get_for_user(user=user, pk=pk)
        call = services.call_start(actor=user, conversation=conversation)
    return Status(201, call)


@router.get("/calls/{pk}", response={200: CallOut, **ERRORS}, operation_id="call_get", tags=["calls"])
def call_get(request: HttpRequest, pk: PathId) -> Call:
    return call_get_for_user(user=actor(request), pk=pk)


@router.post("/calls/{pk}/stop", response={200: CallOut, **ERRORS}, operation_id="call_stop", tags=["calls"])
def call_stop(request: HttpRequest, pk: PathId) -> Call:
    """Stop a call and store its duration; stopping an ended call changes nothing."""
    user = actor(request)
    with transaction.atomic():
        call = call_get_for_user(user=user, pk=pk)
        stopped = services.call_stop(actor=user, call=call)
    return call_get_for_user(user=user, pk=stopped.pk)
