"""Writes for conversations, their timeline and phone calls.

Each public function is one transaction. The timeline is append-only: state
changes are recorded as events beside the change itself, so the history
always explains the current state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wowdesk.accounts.models import Team, User
from wowdesk.conversations.followups import call_ended_dispatch, resolved_dispatch
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
from wowdesk.conversations.outbound import reply_dispatch
from wowdesk.core.errors import field_error
from wowdesk.core.html import html_to_text, sanitize_html
from wowdesk.core.validation import validate
from wowdesk.customers.models import Customer

MAX_BODY = 100_000
PREVIEW_LENGTH = 200


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_LENGTH else flat[: PREVIEW_LENGTH - 1] + "…"


def _check_body(body: str, *, field: str = "body", required: bool = True) -> str:
    if len(body) > MAX_BODY:
        raise field_error(field, f"At most {MAX_BODY:,} characters.")
    if required and not body.strip():
        raise field_error(field, "Write something first.")
    return body


def _check_choice(value: str, choices: type[Any], field: str) -> str:
    if value not in choices.values:
        raise field_error(field, f"Choose one of: {', '.join(choices.values)}.")
    return value


def conversation_record_event(
    *,
    conversation: Conversation,
    actor: User | None,
    event_type: str,
    body: str = "",
    data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """Append an event. Callers run inside their own transaction."""
    return TimelineEntry.objects.create(
        conversation=conversation,
        kind=EntryKind.EVENT,
        event_type=event_type,
        author=actor,
        body=body,
        data=data or {},
    )


def conversation_record_events(
    *, conversations: Sequence[Conversation], actor: User | None, event_type: str, body: str
) -> None:
    TimelineEntry.objects.bulk_create(
        TimelineEntry(conversation=c, kind=EntryKind.EVENT, event_type=event_type, author=actor, body=body)
        for c in conversations
    )


def _touch(conversation: Conversation, *, preview: str | None, at: Any) -> None:
    """Move the conversation up the inbox; update the preview for messages."""
    conversation.last_activity_at = at
    fields = ["last_activity_at", "updated_at"]
    if preview is not None:
        conversation.preview = preview
        fields.append("preview")
    conversation.save(update_fields=fields)


def _set_tags(conversation: Conversation, names: Iterable[str]) -> list[str]:
    clean = sorted({n.strip().lower() for n in names if n.strip()})
    for name in clean:
        if len(name) > 50:
            raise field_error("tags", f"Tag {name[:20]!r}… is longer than 50 characters.")
    tags = [Tag.objects.get_or_create(name=name)[0] for name in clean]
    conversation.tags.set(tags)
    return clean


@transaction.atomic
def conversation_create(
    *,
    actor: User | None,
    customer: Customer,
    channel: str,
    subject: str,
    body: str = "",
    body_html: str = "",
    direction: str = EntryKind.INBOUND,
    team: Team | None = None,
    assignee: User | None = None,
    priority: str = Priority.NORMAL,
    tags: Iterable[str] = (),
) -> Conversation:
    """Open a conversation, with its first message when there is one.

    ``direction`` says who spoke first: the customer (inbound, the usual
    case) or the rep (outbound, e.g. a proactive call or card follow-up).
    """
    _check_choice(channel, Channel, "channel")
    _check_choice(priority, Priority, "priority")
    if direction not in (EntryKind.INBOUND, EntryKind.OUTBOUND):
        raise field_error("direction", "Choose inbound or outbound.")
    if customer.merged_into_id is not None:
        raise field_error("customer", "This customer was merged; use the surviving record.")
    if assignee is not None and not assignee.is_active:
        raise field_error("assignee", "This person's account is not active.")
    if body_html:
        body_html = sanitize_html(body_html)
        body = body or html_to_text(body_html)
    _check_body(body, required=False)
    now = timezone.now()
    conversation = Conversation(
        customer=customer,
        channel=channel,
        subject=subject.strip(),
        priority=priority,
        team=team,
        assignee=assignee,
        status=Status.OPEN if assignee else Status.NEW,
        last_activity_at=now,
        preview=_preview(body),
    )
    validate(conversation, exclude=["customer", "team", "assignee", "tags"])
    conversation.save()
    tags = list(tags)
    if tags:  # a new conversation has none to compare with
        _set_tags(conversation, tags)
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        event_type=EventType.CREATED,
        body=f"Opened via {conversation.get_channel_display()}",
    )
    if body:
        entry = TimelineEntry.objects.create(
            conversation=conversation,
            kind=direction,
            author=actor if direction == EntryKind.OUTBOUND else None,
            body=body,
            body_html=body_html,
        )
        if direction == EntryKind.OUTBOUND:
            # We wrote first (a proactive email): it leaves like any reply.
            reply_dispatch(entry=entry)
    return conversation


@transaction.atomic
def message_receive(
    *, conversation: Conversation, body: str, body_html: str = "", data: dict[str, Any] | None = None
) -> TimelineEntry:
    """Record a message from the customer. A resolved or waiting conversation reopens."""
    if body_html:
        body_html = sanitize_html(body_html)
        body = body or html_to_text(body_html)
    _check_body(body)
    entry = TimelineEntry.objects.create(
        conversation=conversation, kind=EntryKind.INBOUND, body=body, body_html=body_html, data=data or {}
    )
    if conversation.status in (Status.RESOLVED, Status.WAITING):
        _change_status(conversation, actor=None, status=Status.OPEN)
    _touch(conversation, preview=_preview(body), at=entry.created_at)
    return entry


@transaction.atomic
def conversation_reply(
    *, actor: User, conversation: Conversation, body: str, status: str | None = None
) -> TimelineEntry:
    """Record a reply to the customer, optionally changing the status with it."""
    _check_body(body)
    if status is not None:
        _check_choice(status, Status, "status")
    entry = TimelineEntry.objects.create(conversation=conversation, kind=EntryKind.OUTBOUND, author=actor, body=body)
    new_status = status or (Status.OPEN if conversation.status == Status.NEW else None)
    if new_status and new_status != conversation.status:
        _change_status(conversation, actor=actor, status=new_status)
    _touch(conversation, preview=_preview(body), at=entry.created_at)
    # The channel (email, ...) queues delivery in this same transaction.
    reply_dispatch(entry=entry)
    return entry


@transaction.atomic
def conversation_add_note(*, actor: User, conversation: Conversation, body: str) -> TimelineEntry:
    """An internal note: visible to staff only, never sent to the customer."""
    _check_body(body)
    entry = TimelineEntry.objects.create(conversation=conversation, kind=EntryKind.NOTE, author=actor, body=body)
    _touch(conversation, preview=None, at=entry.created_at)
    return entry


def _change_status(conversation: Conversation, *, actor: User | None, status: str) -> None:
    old = conversation.status
    conversation.status = status
    conversation.resolved_at = timezone.now() if status == Status.RESOLVED else None
    conversation.save(update_fields=["status", "resolved_at", "updated_at"])
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        event_type=EventType.STATUS_CHANGED,
        body=f"{Status(old).label} → {Status(status).label}",
        data={"from": old, "to": status},
    )
    if status == Status.RESOLVED:
        # Other apps follow up on a resolution (a satisfaction survey), inside this transaction.
        resolved_dispatch(conversation=conversation)


@transaction.atomic
def conversation_change_status(*, actor: User, conversation: Conversation, status: str) -> Conversation:
    _check_choice(status, Status, "status")
    if status != conversation.status:
        _change_status(conversation, actor=actor, status=status)
    return conversation


@transaction.atomic
def conversation_assign(
    *, actor: User, conversation: Conversation, assignee: User | None, team: Team | None
) -> Conversation:
    """Set who handles the conversation and which team it belongs to."""
    if assignee is not None and not assignee.is_active:
        raise field_error("assignee", "This person's account is not active.")
    if assignee == conversation.assignee and team == conversation.team:
        return conversation
    old = {"assignee": conversation.assignee_id, "team": conversation.team_id}
    conversation.assignee = assignee
    conversation.team = team
    conversation.save(update_fields=["assignee", "team", "updated_at"])
    who = assignee.display_name if assignee else "nobody"
    where = team.name if team else "no team"
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        event_type=EventType.ASSIGNED,
        body=f"Assigned to {who} ({where})",
        data={"from": old, "to": {"assignee": conversation.assignee_id, "team": conversation.team_id}},
    )
    if conversation.status == Status.NEW and assignee is not None:
        _change_status(conversation, actor=actor, status=Status.OPEN)
    return conversation


@transaction.atomic
def conversation_set_priority(*, actor: User, conversation: Conversation, priority: str) -> Conversation:
    _check_choice(priority, Priority, "priority")
    if priority != conversation.priority:
        old = conversation.priority
        conversation.priority = priority
        conversation.save(update_fields=["priority", "updated_at"])
        conversation_record_event(
            conversation=conversation,
            actor=actor,
            event_type=EventType.PRIORITY_CHANGED,
            body=f"{Priority(old).label} → {Priority(priority).label}",
        )
    return conversation


@transaction.atomic
def conversation_set_tags(*, actor: User, conversation: Conversation, names: Iterable[str]) -> list[str]:
    before = sorted(conversation.tags.values_list("name", flat=True))
    after = _set_tags(conversation, names)
    if before != after:
        conversation_record_event(
            conversation=conversation,
            actor=actor,
            event_type=EventType.TAGS_CHANGED,
            body=", ".join(after) or "no tags",
            data={"from": before, "to": after},
        )
    return after


@transaction.atomic
def conversation_merge(*, actor: User, source: Conversation, target: Conversation) -> Conversation:
    """Merge ``source`` into ``target``.

    Nothing moves: the source is marked merged and resolved, and the target's
    timeline reads the entries of every conversation merged into it. That
    keeps each entry where it was written (append-only) and makes the merge
    cheap however long the source's history is.
    """
    if source.pk == target.pk:
        raise field_error("target", "A conversation cannot be merged into itself.")
    locked = {c.pk: c for c in Conversation.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id is not None:
        raise field_error("source", "This conversation was already merged.")
    if target.merged_into_id is not None:
        raise field_error("target", "That conversation was itself merged; merge into the one it was merged into.")
    if source.customer_id != target.customer_id:
        raise field_error("target", "Both conversations must belong to the same customer; merge the customers first.")
    # Conversations already merged into the source now read through the target.
    Conversation.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.status = Status.RESOLVED
    source.resolved_at = source.resolved_at or timezone.now()
    source.save(update_fields=["merged_into", "status", "resolved_at", "updated_at"])
    source_tags = set(source.tags.values_list("name", flat=True))
    if source_tags:
        _set_tags(target, source_tags | set(target.tags.values_list("name", flat=True)))
    conversation_record_event(
        conversation=source,
        actor=actor,
        event_type=EventType.MERGED,
        body=f"Merged into #{target.pk}",
        data={"into": target.pk},
    )
    conversation_record_event(
        conversation=target,
        actor=actor,
        event_type=EventType.MERGED,
        body=f"#{source.pk} {source.subject} merged in",
        data={"from": source.pk},
    )
    if source.last_activity_at > target.last_activity_at:
        _touch(target, preview=source.preview or None, at=source.last_activity_at)
    return target


@transaction.atomic
def call_start(*, actor: User, conversation: Conversation) -> Call:
    """Start a call. There is no time limit; the call runs until someone stops it."""
    if Call.objects.filter(conversation=conversation, ended_at__isnull=True).exists():
        raise field_error("call", "A call is already in progress on this conversation.")
    try:
        with transaction.atomic():
            call = Call.objects.create(conversation=conversation, agent=actor, started_at=timezone.now())
    except IntegrityError as exc:
        # Another request started one between our check and insert.
        raise field_error("call", "A call is already in progress on this conversation.") from exc
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        event_type=EventType.CALL_STARTED,
        body="Call started",
        data={"call": call.pk},
    )
    _touch(conversation, preview=None, at=call.started_at)
    return call


def format_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@transaction.atomic
def call_stop(*, actor: User, call: Call) -> Call:
    """End a call and store its duration. Stopping an ended call changes nothing."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.ended_at is not None:
        return call
    call.ended_at = timezone.now()
    call.duration_seconds = int((call.ended_at - call.started_at).total_seconds())
    call.save(update_fields=["ended_at", "duration_seconds"])
    conversation = Conversation.objects.get(pk=call.conversation_id)
    conversation_record_event(
        conversation=conversation,
        actor=actor,
        event_type=EventType.CALL_ENDED,
        body=f"Call ended after {format_duration(call.duration_seconds)}",
        data={"call": call.pk, "duration_seconds": call.duration_seconds},
    )
    _touch(conversation, preview=None, at=call.ended_at)
    call_ended_dispatch(call=call)
    return call
