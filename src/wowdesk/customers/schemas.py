"""API schemas for customers, their contact details and rapport."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import field_validator

from wowdesk.api.common import Id, Text, UserRefOut
from wowdesk.conversations.models import Channel, Priority, Status
from wowdesk.customers.models import Customer, LifeMoment, SocialHandle

EmailText = Annotated[Text, Field(max_length=254)]
PhoneText = Annotated[Text, Field(max_length=32)]


class EmailOut(Schema):
    id: int
    email: str
    is_primary: bool


class PhoneOut(Schema):
    id: int
    number: str
    label: str


class SocialHandleOut(Schema):
    id: int
    network: SocialHandle.Network
    handle: str


class SocialHandleIn(Schema):
    network: SocialHandle.Network
    handle: Text = Field(..., max_length=100)


class CustomerListItemOut(Schema):
    id: int
    name: str
    preferred_name: str
    primary_email: str | None
    city: str
    country: str
    created_at: dt.datetime

    @staticmethod
    def resolve_primary_email(obj: Customer) -> str | None:
        # Reads the prefetched emails (primary first) rather than a query per row.
        emails = list(obj.emails.all())
        return emails[0].email if emails else None


class CustomerPageOut(Schema):
    items: list[CustomerListItemOut]
    next_cursor: str | None


class CustomerOut(Schema):
    id: int
    name: str
    preferred_name: str
    greeting_name: str
    language: str
    address_line1: str
    address_line2: str
    city: str
    region: str
    postal_code: str
    country: str
    emails: list[EmailOut]
    phones: list[PhoneOut]
    social_handles: list[SocialHandleOut]
    created_at: dt.datetime
    updated_at: dt.datetime


class CustomerCreateIn(Schema):
    name: Text = Field(..., max_length=200)
    preferred_name: Text = Field("", max_length=100)
    language: Text = Field("en", max_length=16)
    address_line1: Text = Field("", max_length=200)
    address_line2: Text = Field("", max_length=200)
    city: Text = Field("", max_length=100)
    region: Text = Field("", max_length=100)
    postal_code: Text = Field("", max_length=20)
    country: Text = Field("", max_length=2, description="ISO 3166 code")
    emails: list[EmailText] = Field(default_factory=list, max_length=20, description="The first is primary.")
    phones: list[PhoneText] = Field(default_factory=list, max_length=20)
    social_handles: list[SocialHandleIn] = Field(default_factory=list, max_length=20)


class CustomerUpdateIn(Schema):
    """Only the fields sent change; null is refused rather than read as "unchanged"."""

    name: Text | None = Field(None, max_length=200)
    preferred_name: Text | None = Field(None, max_length=100)
    language: Text | None = Field(None, max_length=16)
    address_line1: Text | None = Field(None, max_length=200)
    address_line2: Text | None = Field(None, max_length=200)
    city: Text | None = Field(None, max_length=100)
    region: Text | None = Field(None, max_length=100)
    postal_code: Text | None = Field(None, max_length=20)
    country: Text | None = Field(None, max_length=2)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError(str(_("May not be null; leave the field out to keep it.")))
        return value


class EmailAddIn(Schema):
    email: EmailText
    is_primary: bool = False


class PhoneAddIn(Schema):
    number: PhoneText
    label: Text = Field("", max_length=30)


class CustomerMergeIn(Schema):
    into_id: Id = Field(..., description="The surviving customer; this one is folded into it.")


class RapportNoteIn(Schema):
    body: Text = Field(..., max_length=2000)
    conversation_id: Id | None = None


class RapportNoteOut(Schema):
    id: int
    body: str
    author: UserRefOut
    conversation_id: int | None
    created_at: dt.datetime


class RapportNotePageOut(Schema):
    items: list[RapportNoteOut]
    next_cursor: str | None


class LifeMomentIn(Schema):
    kind: LifeMoment.Kind
    happened_on: dt.date
    note: Text = Field("", max_length=500)
    conversation_id: Id | None = None


class LifeMomentOut(Schema):
    id: int
    kind: LifeMoment.Kind
    happened_on: dt.date
    note: str
    recorded_by: UserRefOut
    conversation_id: int | None
    created_at: dt.datetime


class LifeMomentPageOut(Schema):
    items: list[LifeMomentOut]
    next_cursor: str | None


class CustomerConversationOut(Schema):
    id: int
    subject: str
    channel: Channel
    status: Status
    priority: Priority
    assignee: UserRefOut | None
    team_id: int | None
    preview: str
    last_activity_at: dt.datetime


class CustomerConversationPageOut(Schema):
    items: list[CustomerConversationOut]
    next_cursor: str | None
