"""Back-office screens for legends. History (versions, consents, comments) is a record: read-only here.

Legends themselves are changed through the app, where every change is
versioned and publishing is checked; the admin only shows them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.legends.models import (
    Candidate,
    CandidateReason,
    CompanyValue,
    Consent,
    CustomerStory,
    Legend,
    LegendComment,
    LegendReaction,
    LegendRead,
    LegendVersion,
    ReadingList,
    ReadingListItem,
)


class _ReadOnly[M: Any](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CompanyValue)
class CompanyValueAdmin(admin.ModelAdmin[CompanyValue]):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # retire instead; legends keep the values they show


class LegendVersionInline(admin.TabularInline[LegendVersion, Legend]):
    model = LegendVersion
    fields = readonly_fields = ("number", "change", "state", "changed_by", "created_at")
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Legend)
class LegendAdmin(_ReadOnly[Legend]):
    list_display = ["id", "title", "state", "author", "hero", "team", "published_at", "public_since"]
    list_filter = ["state", "channel", "values"]
    list_select_related = ["author", "hero", "team"]
    search_fields = ["title", "story_text", "lesson"]
    inlines = [LegendVersionInline]


@admin.register(LegendVersion)
class LegendVersionAdmin(_ReadOnly[LegendVersion]):
    list_display = ["legend", "number", "change", "state", "changed_by", "created_at"]
    list_select_related = ["legend", "changed_by"]


@admin.register(LegendComment)
class LegendCommentAdmin(_ReadOnly[LegendComment]):
    list_display = ["legend", "author", "is_review", "created_at"]
    list_select_related = ["legend", "author"]


@admin.register(LegendReaction)
class LegendReactionAdmin(_ReadOnly[LegendReaction]):
    list_display = ["legend", "user", "kind", "created_at"]
    list_select_related = ["legend", "user"]


@admin.register(LegendRead)
class LegendReadAdmin(_ReadOnly[LegendRead]):
    list_display = ["legend", "user", "read_at"]
    list_select_related = ["legend", "user"]


@admin.register(Consent)
class ConsentAdmin(_ReadOnly[Consent]):
    list_display = ["legend", "customer", "method", "state", "email", "expires_at", "responded_at"]
    list_filter = ["method", "state"]
    list_select_related = ["legend", "customer"]
    exclude = ["token_digest"]


class CandidateReasonInline(admin.TabularInline[CandidateReason, Candidate]):
    model = CandidateReason
    fields = readonly_fields = ("rule", "evidence", "explanation", "happened_at")
    extra = 0
    can_delete = False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
    list_display = ["subject", "state", "happened_at", "found_at", "dismissed_by"]
    list_filter = ["state"]
    list_select_related = ["dismissed_by"]
    raw_id_fields = ["conversation", "customer_story", "dismissed_by", "legend"]
    inlines = [CandidateReasonInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CandidateReason)
class CandidateReasonAdmin(_ReadOnly[CandidateReason]):
    list_display = ["candidate", "rule", "evidence", "happened_at"]
    list_select_related = ["candidate"]


@admin.register(CustomerStory)
class CustomerStoryAdmin(admin.ModelAdmin[CustomerStory]):
    list_display = ["id", "name", "email", "state", "may_publish", "created_at", "moderated_by"]
    list_filter = ["state", "may_publish"]
    list_select_related = ["moderated_by"]
    search_fields = ["name", "email", "text"]
    readonly_fields = ["name", "email", "text", "may_publish", "ip_digest", "created_at"]
    raw_id_fields = ["customer", "moderated_by", "conversations"]


class ReadingListItemInline(admin.TabularInline[ReadingListItem, ReadingList]):
    model = ReadingListItem
    raw_id_fields = ["legend", "added_by"]
    extra = 0


@admin.register(ReadingList)
class ReadingListAdmin(admin.ModelAdmin[ReadingList]):
    list_display = ["name", "for_new_hires", "created_by", "updated_at"]
    list_select_related = ["created_by"]
    raw_id_fields = ["created_by"]
    inlines = [ReadingListItemInline]


@admin.register(ReadingListItem)
class ReadingListItemAdmin(admin.ModelAdmin[ReadingListItem]):
    list_display = ["reading_list", "legend", "position"]
    list_select_related = ["reading_list", "legend"]
    raw_id_fields = ["reading_list", "legend", "added_by"]
