"""Back-office screens for conversations, their timeline and calls.

The timeline is shown but never editable here: it is the record of what
happened, and the admin is no back door around the append-only rule.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.conversations.models import Call, Conversation, Tag, TimelineEntry


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    search_fields = ["name"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = [
        "id",
        "subject",
        "customer",
        "channel",
        "status",
        "priority",
        "assignee",
        "team",
        "last_activity_at",
    ]
    list_display_links = ["id", "subject"]
    list_filter = ["status", "channel", "priority", "team"]
    list_select_related = ["customer", "assignee", "team"]
    search_fields = ["subject", "customer__name"]
    autocomplete_fields = ["customer", "assignee", "team", "tags", "merged_into"]
    readonly_fields = ["created_at", "last_activity_at", "preview"]
    date_hierarchy = "last_activity_at"

    def has_delete_permission(self, request: HttpRequest, obj: Conversation | None = None) -> bool:
        # Deleting would cascade through the append-only timeline; resolve or merge instead.
        return False


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin[TimelineEntry]):
    list_display = ["id", "conversation", "kind", "event_type", "author", "created_at"]
    list_filter = ["kind", "event_type"]
    list_select_related = ["conversation", "author"]
    search_fields = ["body"]
    readonly_fields = ["conversation", "kind", "event_type", "author", "body", "body_html", "data", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TimelineEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TimelineEntry | None = None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ["id", "conversation", "agent", "started_at", "ended_at", "duration_seconds"]
    list_select_related = ["conversation", "agent"]
    search_fields = ["conversation__subject", "agent__username"]
    autocomplete_fields = ["conversation", "agent"]
