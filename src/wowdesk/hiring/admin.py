"""Back office for hiring. Scorecards are read-only here too: they are what a panelist wrote, once."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.hiring.models import Candidate, PanelMember, Scorecard


class PanelInline(admin.TabularInline[PanelMember, Candidate]):
    model = PanelMember
    extra = 0
    raw_id_fields = ("user", "added_by")
    readonly_fields = ("added_at",)


class ScorecardInline(admin.StackedInline[Scorecard, Candidate]):
    model = Scorecard
    extra = 0
    can_delete = False
    readonly_fields = (
        "author",
        "service",
        "skills",
        "skills_evidence",
        "culture",
        "culture_evidence",
        "values_shown",
        "vote",
        "submitted_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin[Candidate]):
    list_display = ("name", "role", "department", "status", "created_at")
    list_filter = ("status", "department", "source")
    list_select_related = ("department",)
    search_fields = ("name", "email", "role")
    raw_id_fields = ("created_by", "hired_user")
    readonly_fields = ("status", "status_changed_at", "created_at")
    inlines = (PanelInline, ScorecardInline)


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin[Scorecard]):
    list_display = ("candidate", "author", "service", "skills", "culture", "vote", "submitted_at")
    list_filter = ("service", "culture", "vote")
    list_select_related = ("candidate", "author")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin[PanelMember]):
    list_display = ("candidate", "user", "added_at")
    list_select_related = ("candidate", "user")
    raw_id_fields = ("candidate", "user", "added_by")
