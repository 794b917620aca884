"""Back-office screens for phone stints.

Stints are started, extended and graduated in the app, where the rules
are checked; here an admin can fix who coaches and where the hire goes
afterwards, delete a stint that has not started (plans change), and undo
a milestone ticked by mistake. Check-ins and extensions are a record:
read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from wowdesk.onboarding.models import CheckIn, MilestoneTick, PhoneStint, StintExtension


class _ReadOnly[M: Any](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CheckInInline(admin.TabularInline[CheckIn, PhoneStint]):
    model = CheckIn
    fields = readonly_fields = ("week", "author", "note", "created_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MilestoneTickInline(admin.TabularInline[MilestoneTick, PhoneStint]):
    model = MilestoneTick
    fields = readonly_fields = ("milestone", "ticked_by", "note", "ticked_at")
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PhoneStint)
class PhoneStintAdmin(admin.ModelAdmin[PhoneStint]):
    list_display = ["hire", "coach", "starts_on", "length_days", "home_title", "home_department", "graduated_at"]
    list_filter = ["home_department"]
    list_select_related = ["hire", "coach", "home_department"]
    search_fields = ["hire__username", "hire__first_name", "hire__last_name", "home_title"]
    raw_id_fields = ["coach"]
    readonly_fields = [
        "hire",
        "starts_on",
        "planned_days",
        "length_days",
        "short_reason",
        "started_by",
        "graduated_at",
        "graduated_by",
        "graduation_note",
        "early_reason",
        "created_at",
    ]
    fields = ["hire", "coach", "home_department", "home_title", *readonly_fields[1:]]
    inlines = [MilestoneTickInline, CheckInInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PhoneStint | None = None) -> bool:
        return obj is not None and obj.starts_on > timezone.localdate()


@admin.register(CheckIn)
class CheckInAdmin(_ReadOnly[CheckIn]):
    list_display = ["stint", "week", "author", "created_at"]
    list_select_related = ["stint__hire", "author"]


@admin.register(MilestoneTick)
class MilestoneTickAdmin(_ReadOnly[MilestoneTick]):
    list_display = ["stint", "milestone", "ticked_by", "ticked_at"]
    list_select_related = ["stint__hire", "ticked_by"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return True  # undo a tick made by mistake; the coach can tick it again


@admin.register(StintExtension)
class StintExtensionAdmin(_ReadOnly[StintExtension]):
    list_display = ["stint", "days", "length_after", "extended_by", "created_at"]
    list_select_related = ["stint__hire", "extended_by"]
