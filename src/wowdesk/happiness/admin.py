"""Back office for happiness. History is read-only here: grades, their changes and ballots are what
customers and staff said, and rollups are derived. Polls can be closed; nothing can be edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.happiness.models import (
    Grade,
    GradeChange,
    Poll,
    PollBallot,
    PollVoter,
    Recovery,
    RecoveryNotice,
    RepDay,
    Survey,
    TeamDay,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("conversation", "status", "trigger", "created_at", "expires_at")
    list_filter = ("status", "trigger")
    list_select_related = ("conversation",)
    search_fields = ("conversation__subject",)
    # The token digest is never shown, not even here.
    exclude = ("token_digest",)
    raw_id_fields = ("conversation", "customer", "email")


class GradeChangeInline(admin.TabularInline[GradeChange, Grade]):
    model = GradeChange
    extra = 0
    can_delete = False
    readonly_fields = ("letter", "previous", "comment", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ("conversation", "letter", "day", "team", "rep", "channel", "revision")
    list_filter = ("letter", "channel", "team")
    list_select_related = ("conversation", "team", "rep")
    date_hierarchy = "day"
    raw_id_fields = ("survey", "conversation", "rep")
    inlines = (GradeChangeInline,)


@admin.register(GradeChange)
class GradeChangeAdmin(ReadOnlyAdmin):
    list_display = ("grade", "previous", "letter", "created_at")
    list_select_related = ("grade",)
    raw_id_fields = ("grade",)


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ("conversation", "letter", "team", "rep", "opened_at", "closed_at", "closed_by")
    list_filter = ("letter", "team")
    list_select_related = ("conversation", "team", "rep", "closed_by")
    raw_id_fields = ("grade", "conversation", "rep", "closed_by", "gesture")


@admin.register(RecoveryNotice)
class RecoveryNoticeAdmin(ReadOnlyAdmin):
    list_display = ("recovery", "user", "role", "created_at")
    list_select_related = ("recovery", "user")
    raw_id_fields = ("recovery", "user")


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin[Poll]):
    list_display = ("question", "created_by", "everyone", "created_at", "closes_at", "closed_at", "answers")
    list_select_related = ("created_by",)
    readonly_fields = ("question", "created_by", "everyone", "departments", "created_at", "answers")
    fields = ("question", "created_by", "everyone", "departments", "created_at", "closes_at", "closed_at", "answers")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # polls are created on the polls page, by leads


@admin.register(PollVoter)
class PollVoterAdmin(ReadOnlyAdmin):
    """That someone answered; there is nothing to show of what they answered."""

    list_display = ("poll", "user")
    list_select_related = ("poll", "user")


@admin.register(PollBallot)
class PollBallotAdmin(ReadOnlyAdmin):
    """What was answered; there is nothing to show of who answered it."""

    list_display = ("poll", "letter", "comment")
    list_select_related = ("poll",)


@admin.register(TeamDay)
class TeamDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "team_id", "channel", "problem", "a", "b", "c", "d", "f", "recoveries_closed")
    date_hierarchy = "day"


@admin.register(RepDay)
class RepDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "team_id", "rep_id", "channel", "a", "b", "c", "d", "f")
    date_hierarchy = "day"
