"""Back-office screens for cards. Votes and weekly results are records, not things to edit."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.cards.models import Card, CardOfTheWeek, CardTimeSession, CardTimeSetting, CardVote


class ReadOnlyAdmin[M: Card | CardVote | CardOfTheWeek | CardTimeSession](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CardTimeSetting)
class CardTimeSettingAdmin(admin.ModelAdmin[CardTimeSetting]):
    list_display = ["team", "minutes", "weekdays_mask", "starts_at", "updated_by", "updated_at"]
    list_select_related = ["team", "updated_by"]
    autocomplete_fields = ["updated_by"]


@admin.register(CardTimeSession)
class CardTimeSessionAdmin(ReadOnlyAdmin[CardTimeSession]):
    list_display = ["user", "day", "started_at", "minutes", "finished_at"]
    list_select_related = ["user"]
    date_hierarchy = "day"


@admin.register(Card)
class CardAdmin(admin.ModelAdmin[Card]):
    list_display = ["id", "recipient_name", "author", "delivery", "status", "written_on", "name_shared"]
    list_filter = ["status", "delivery", "week"]
    list_select_related = ["author"]
    search_fields = ["recipient_name", "message", "author__username"]
    autocomplete_fields = ["author", "customer", "conversation"]
    readonly_fields = ["drawing", "drawing_width", "drawing_height", "week", "written_on"]


@admin.register(CardVote)
class CardVoteAdmin(ReadOnlyAdmin[CardVote]):
    list_display = ["week", "voter", "card", "created_at"]
    list_select_related = ["voter", "card"]
    list_filter = ["week"]


@admin.register(CardOfTheWeek)
class CardOfTheWeekAdmin(ReadOnlyAdmin[CardOfTheWeek]):
    list_display = ["week", "card", "votes", "tied", "announced_at"]
    list_select_related = ["card"]
