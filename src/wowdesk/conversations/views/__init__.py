"""Agent pages for conversations: the inbox, the conversation page and the actions posted from it."""

from wowdesk.conversations.views.actions import (
    assign,
    call_start,
    call_stop,
    change_status,
    merge,
    note,
    reply,
    set_priority,
    set_tags,
)
from wowdesk.conversations.views.inbox import conversation_create, inbox
from wowdesk.conversations.views.page import conversation_detail

__all__ = [
    "assign",
    "call_start",
    "call_stop",
    "change_status",
    "conversation_create",
    "conversation_detail",
    "inbox",
    "merge",
    "note",
    "reply",
    "set_priority",
    "set_tags",
]
