"""API schemas for nominations, votes, awards, the wall of fame and a person's recognition."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from wowdesk.api.common import Id, PageQuery, TeamRefOut, Text, UserRefOut
from wowdesk.cards.schemas import GalleryCardOut
from wowdesk.recognition.models import Award, AwardKind, Nomination

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def parse_month(value: str) -> dt.date:
    """``"2026-11"`` -> 1 November 2026; raises ValueError for anything else."""
    if not MONTH.match(value):
        raise ValueError(_("Use the form YYYY-MM, e.g. 2026-11."))
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1)


class NominationOut(Schema):
    id: int
    kind: AwardKind
    month: dt.date
    nominee: UserRefOut
    nominator: UserRefOut
    team: TeamRefOut | None
    conversation_id: int | None
    story: str
    sidekicks: list[UserRefOut]
    created_at: dt.datetime

    @staticmethod
    def resolve_sidekicks(obj: Nomination) -> list[object]:
        return list(obj.sidekicks.all())


class NominationPageOut(Schema):
    items: list[NominationOut]
    next_cursor: str | None


class NominationQuery(PageQuery):
    kind: AwardKind | None = None
    month: Text | None = Field(None, description="YYYY-MM; this month by default")

    @field_validator("month")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value:
            parse_month(value)
        return value


class NominationIn(Schema):
    kind: AwardKind = AwardKind.HERO
    nominee_id: Id
    story: Text = Field(..., max_length=2000)
    conversation_id: Id | None = Field(None, description="The evidence; required for a Hero nomination")
    sidekick_ids: list[Id] = Field(default_factory=list, max_length=10, description="Colleagues who helped (Hero)")


class NominationVoteOut(Schema):
    id: int
    kind: AwardKind
    month: dt.date
    nomination_id: int
    created_at: dt.datetime


class AwardOut(Schema):
    """An announced award; the Hero's Sidekicks are announced with it. Vote counts are not published."""

    id: int
    kind: AwardKind
    month: dt.date
    recipient: UserRefOut
    team: TeamRefOut | None
    nomination_id: int
    story: str
    conversation_id: int | None
    sidekicks: list[UserRefOut]
    announced_at: dt.datetime

    @staticmethod
    def resolve_story(obj: Award) -> str:
        return obj.nomination.story if obj.nomination else ""

    @staticmethod
    def resolve_conversation_id(obj: Award) -> int | None:
        return obj.nomination.conversation_id if obj.nomination else None

    @staticmethod
    def resolve_sidekicks(obj: Award) -> list[object]:
        return list(obj.nomination.sidekicks.all()) if obj.nomination else []


class AwardPageOut(Schema):
    items: list[AwardOut]
    next_cursor: str | None


class AwardQuery(PageQuery):
    kind: AwardKind | None = None


class WallQuery(Schema):
    month: Text | None = Field(None, description="YYYY-MM; the latest month with recognition by default")
    team_id: Id | None = None
    award: str = Field("", description="card, hero, sidekick or manager; empty for all")

    @field_validator("month")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value:
            parse_month(value)
        return value


class WallEntryOut(Schema):
    kind: str = Field(..., description="card (Card of the Week), hero or manager")
    label: str
    period: dt.date = Field(..., description="The week (Monday) or month (1st) it was for")
    person: UserRefOut
    team: TeamRefOut | None
    story: str
    sidekicks: list[UserRefOut]
    card: GalleryCardOut | None
    nomination_id: int | None
    conversation_id: int | None


class WallOut(Schema):
    """One month of the wall of fame. Entries are in award order, never ranked by counts."""

    month: dt.date
    entries: list[WallEntryOut]
    older: dt.date | None
    newer: dt.date | None


class CardWinOut(Schema):
    week: dt.date
    card_id: int


class PersonRecognitionOut(Schema):
    person: UserRefOut
    awards: list[AwardOut]
    sidekick_on: list[AwardOut]
    cards_of_the_week: list[CardWinOut]
    nominations: list[NominationOut]
