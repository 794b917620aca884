"""API schemas for card time, cards, the print queue and Card of the Week."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from wowdesk.api.common import MAX_ID, CustomerRefOut, Id, PageQuery, Text, UserRefOut
from wowdesk.cards.models import Card, CardOfTheWeek, CardTimeSetting
from wowdesk.cards.selectors import CardTimeToday, GalleryCard
from wowdesk.cards.suggestions import Suggestion

# Base64 is 4/3 of the bytes; the service applies the real byte limit with a clear message.
MAX_DRAWING_BASE64 = 4_000_000


class CardTimeSettingOut(Schema):
    team_id: int | None
    minutes: int
    weekdays: list[int] = Field(..., description="ISO weekdays, 1 = Monday")
    starts_at: dt.time


class CardTimeSettingIn(Schema):
    minutes: int = Field(..., ge=5, le=120)
    # Days outside 1-7 are refused by the service with its own message; the bound keeps huge numbers out.
    weekdays: list[Annotated[int, Field(ge=-MAX_ID, le=MAX_ID)]] = Field(
        ..., min_length=1, max_length=7, description="ISO weekdays, 1 = Monday"
    )
    starts_at: dt.time


class CardTimeOut(Schema):
    """Today's card block. A day without card time is not recorded or shown anywhere."""

    day: dt.date
    is_card_day: bool
    setting: CardTimeSettingOut
    started_at: dt.datetime | None
    ends_at: dt.datetime | None
    finished_at: dt.datetime | None
    remaining_seconds: int | None

    @staticmethod
    def resolve_setting(obj: CardTimeToday) -> CardTimeSetting:
        return obj.setting

    @staticmethod
    def resolve_started_at(obj: CardTimeToday) -> dt.datetime | None:
        return obj.session.started_at if obj.session else None

    @staticmethod
    def resolve_ends_at(obj: CardTimeToday) -> dt.datetime | None:
        return obj.session.ends_at if obj.session else None

    @staticmethod
    def resolve_finished_at(obj: CardTimeToday) -> dt.datetime | None:
        return obj.session.finished_at if obj.session else None


class ReasonOut(Schema):
    key: str
    label: str
    detail: str


class RapportNoteBriefOut(Schema):
    id: int
    body: str
    created_at: dt.datetime


class SuggestionOut(Schema):
    conversation_id: int
    subject: str
    customer: CustomerRefOut
    reasons: list[ReasonOut]
    rapport_notes: list[RapportNoteBriefOut]
    has_postal_address: bool
    has_email: bool

    @staticmethod
    def resolve_conversation_id(obj: Suggestion) -> int:
        return obj.conversation.pk

    @staticmethod
    def resolve_subject(obj: Suggestion) -> str:
        return obj.conversation.subject

    @staticmethod
    def resolve_rapport_notes(obj: Suggestion) -> list[object]:
        return list(obj.notes)

    @staticmethod
    def resolve_has_email(obj: Suggestion) -> bool:
        return bool(obj.email)


class CardOut(Schema):
    id: int
    author: UserRefOut
    team_id: int | None
    customer: CustomerRefOut
    conversation_id: int | None
    message: str
    poem: str
    has_drawing: bool
    drawing_url: str | None
    pdf_url: str | None
    delivery: Card.Delivery
    status: Card.Status
    recipient_name: str
    postal_address: str
    email_to: str
    name_shared: bool
    written_on: dt.date
    week: dt.date
    printed_at: dt.datetime | None
    mailed_at: dt.datetime | None
    emailed_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_drawing_url(obj: Card) -> str | None:
        return reverse("api:card_drawing", kwargs={"pk": obj.pk}) if obj.drawing else None

    @staticmethod
    def resolve_pdf_url(obj: Card) -> str | None:
        return reverse("api:card_pdf", kwargs={"pk": obj.pk}) if obj.delivery == Card.Delivery.MAIL else None


class CardPageOut(Schema):
    items: list[CardOut]
    next_cursor: str | None


class CardQueueQuery(PageQuery):
    status: Card.Status | None = None
    day: dt.date | None = Field(None, description="Only cards written on this local day")


class CardIn(Schema):
    """A new card. Give the conversation it comes from, or only the customer."""

    conversation_id: Id | None = None
    customer_id: Id | None = Field(None, description="Needed when there is no conversation")
    message: Text = Field(..., max_length=2000)
    poem: Text = Field("", max_length=2000, description="A card has a drawing or a poem, not both")
    drawing_png_base64: Text | None = Field(
        None, max_length=MAX_DRAWING_BASE64, description="The drawing as a base64 PNG (a data: URL is fine)"
    )
    delivery: Card.Delivery = Card.Delivery.MAIL
    name_shared: bool = Field(False, description="The customer agreed to show their name in the Card of the Week")

    @field_validator("drawing_png_base64")
    @classmethod
    def _decodable(cls, value: str | None) -> str | None:
        if value:
            drawing_bytes(value)
        return value


def drawing_bytes(value: str) -> bytes:
    """Decode the base64 drawing; raises ValueError (a 422 on the field) when it is not base64."""
    _prefix, comma, data = value.partition(",")
    raw = data if comma and value.startswith("data:") else value
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(_("Not valid base64.")) from exc


class BatchQuery(Schema):
    day: dt.date = Field(..., description="The local day whose cards to print")


class BatchIn(Schema):
    day: dt.date


class BatchPrintedOut(Schema):
    printed: int


class GalleryCardOut(Schema):
    """A card as shown for the vote: the customer's name is hidden unless they agreed."""

    id: int
    author: UserRefOut
    written_on: dt.date
    recipient: str
    message: str
    poem: str
    has_drawing: bool
    drawing_url: str | None
    own: bool

    @staticmethod
    def resolve_drawing_url(obj: GalleryCard) -> str | None:
        return reverse("api:card_gallery_drawing", kwargs={"pk": obj.id}) if obj.has_drawing else None


class GalleryOut(Schema):
    week: dt.date
    closed: bool
    my_vote: int | None
    items: list[GalleryCardOut]
    next_cursor: str | None


class CardVoteIn(Schema):
    card_id: Id


class CardVoteOut(Schema):
    id: int
    week: dt.date
    card_id: int
    created_at: dt.datetime


class WinnerOut(Schema):
    week: dt.date
    announced_at: dt.datetime
    card: GalleryCardOut

    @staticmethod
    def resolve_card(obj: CardOfTheWeek) -> GalleryCard:
        assert obj.card is not None
        # Winners are shown to everyone, so with the same privacy as the gallery.
        return GalleryCard.of(obj.card, viewer=None)


class WinnerPageOut(Schema):
    items: list[WinnerOut]
    next_cursor: str | None
