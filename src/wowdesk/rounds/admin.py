"""Back office for rounds: days and their items, to look things up and fix a stuck claim.

No per-person columns or filters: rounds never score anyone, here neither.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.rounds.models import Round, RoundItem


class RoundItemInline(admin.TabularInline[RoundItem, Round]):
    model = RoundItem
    extra = 0
    can_delete = False
    fields = ("position", "source", "title", "status", "claimed_by", "finished_by", "note")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ("day", "generated_at", "generated_by", "refreshed_at")
    date_hierarchy = "day"
    readonly_fields = ("day", "generated_at", "generated_by", "refreshed_at")
    inlines = (RoundItemInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Rounds come from the sources (the schedule or "generate now"), never typed in.
        return False


@admin.register(RoundItem)
class RoundItemAdmin(admin.ModelAdmin[RoundItem]):
    list_display = ("title", "round", "source", "status")
    list_filter = ("source", "status", "audience")
    list_select_related = ("round",)
    search_fields = ("title", "detail", "note")
    raw_id_fields = ("round", "conversation", "customer", "claimed_by", "finished_by")
    readonly_fields = ("round", "position", "source", "object_id", "audience", "conversation", "customer", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
