"""Back-office screens for recognition. Votes and awards are records, not things to edit."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.recognition.models import Award, Nomination, NominationVote


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin[Nomination]):
    list_display = ["id", "kind", "month", "nominee", "nominator", "created_at"]
    list_filter = ["kind", "month"]
    list_select_related = ["nominee", "nominator"]
    search_fields = ["story", "nominee__username", "nominator__username"]
    autocomplete_fields = ["nominee", "nominator", "conversation", "sidekicks"]


class _RecordAdmin[M: NominationVote | Award](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(NominationVote)
class NominationVoteAdmin(_RecordAdmin[NominationVote]):
    list_display = ["kind", "month", "voter", "nomination", "created_at"]
    list_select_related = ["voter", "nomination"]
    list_filter = ["kind", "month"]


@admin.register(Award)
class AwardAdmin(_RecordAdmin[Award]):
    list_display = ["kind", "month", "recipient", "nomination", "votes", "tied", "announced_at"]
    list_select_related = ["recipient", "nomination"]
    list_filter = ["kind"]
