"""Reads for conversations: the inbox, one conversation, its timeline and calls."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Call, Channel, Conversation, Status, Tag, TimelineEntry
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.customers.models import Customer

SORTS: dict[str, tuple[str, ...]] = {
    "activity": ("-last_activity_at", "-id"),
    "-activity": ("last_activity_at", "id"),
    "created": ("-created_at", "-id"),
    "-created": ("created_at", "id"),
}
SCOPES = ("all", "mine", "team", "unassigned")


@dataclass(frozen=True)
class InboxFilters:
    scope: str = "all"
    status: str = ""
    channel: str = ""
    tag: str = ""
    sort: str = "activity"

    def validate(self) -> None:
        if self.scope not in SCOPES:
            raise field_error("scope", f"Choose one of: {', '.join(SCOPES)}.")
        if self.status and self.status not in Status.values:
            raise field_error("status", f"Choose one of: {', '.join(Status.values)}.")
        if self.channel and self.channel not in Channel.values:
            raise field_error("channel", f"Choose one of: {', '.join(Channel.values)}.")
        if self.sort not in SORTS:
            raise field_error("sort", f"Choose one of: {', '.join(SORTS)}.")


def _list_base(user: User) -> QuerySet[Conversation]:
    return (
        conversations_visible_to(user)
        .filter(merged_into__isnull=True)
        .select_related("customer", "assignee", "team")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    )


def inbox(*, user: User, filters: InboxFilters, cursor: str | None, size: int) -> Page[Conversation]:
    filters.validate()
    qs = _list_base(user)
    if filters.scope == "mine":
        qs = qs.filter(assignee=user)
    elif filters.scope == "team":
        qs = qs.filter(team_id=user.team_id) if user.team_id else qs.none()
    elif filters.scope == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    return paginate(qs, ordering=SORTS[filters.sort], cursor=cursor, size=size)


def conversation_get_for_user(*, user: User, pk: int) -> Conversation:
    """The one permission-checked getter for a conversation.

    A conversation merged into another resolves to the one it was merged into
    (when the caller may see that one), so old links keep working.
    """
    visible = conversations_visible_to(user).select_related("customer", "assignee", "team")
    conversation = visible.filter(pk=pk).first()
    if conversation is None:
        raise NotFound("No such conversation.")
    if conversation.merged_into_id is not None:
        target = visible.filter(pk=conversation.merged_into_id).first()
        if target is not None:
            return target
    return conversation


def timeline_for(*, conversation: Conversation) -> QuerySet[TimelineEntry]:
    """Entries of the conversation and of every conversation merged into it."""
    ids = [conversation.pk, *Conversation.objects.filter(merged_into=conversation).values_list("pk", flat=True)]
    return TimelineEntry.objects.filter(conversation_id__in=ids).select_related("author").order_by("created_at", "id")


def calls_for(*, conversation: Conversation) -> QuerySet[Call]:
    return Call.objects.filter(conversation=conversation).select_related("agent")


def open_call_for(*, conversation: Conversation) -> Call | None:
    return calls_for(conversation=conversation).filter(ended_at__isnull=True).first()


def call_get_for_user(*, user: User, pk: int) -> Call:
    call = Call.objects.select_related("conversation", "agent").filter(pk=pk).first()
    if call is None:
        raise NotFound("No such call.")
    # Visibility of a call is that of its conversation.
    conversation_get_for_user(user=user, pk=call.conversation_id)
    return call


def conversations_for_customer(*, user: User, customer: Customer, limit: int = 20) -> list[Conversation]:
    return list(_list_base(user).filter(customer=customer).order_by("-last_activity_at", "-id")[:limit])


def tag_list() -> QuerySet[Tag]:
    return Tag.objects.all()


def timeline_page(*, conversation: Conversation, cursor: str | None, size: int) -> Page[TimelineEntry]:
    """The newest ``size`` entries of the timeline (merged-in ones included), newest first.

    Pages run backwards in time because an agent opening a conversation
    needs the latest messages; pages display them oldest first.
    """
    return paginate(timeline_for(conversation=conversation), ordering=("-created_at", "-id"), cursor=cursor, size=size)


def calls_page(*, conversation: Conversation, cursor: str | None, size: int) -> Page[Call]:
    return paginate(calls_for(conversation=conversation), ordering=("-started_at", "-id"), cursor=cursor, size=size)
