"""API schemas for the contact form."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from wowdesk.api.common import Text
from wowdesk.contact.services import MAX_MESSAGE


class ContactIn(Schema):
    name: Text = Field(..., max_length=200)
    email: Text = Field(..., max_length=254)
    order_number: Text = Field("", max_length=40)
    message: Text = Field(..., max_length=MAX_MESSAGE)


class ContactReceivedOut(Schema):
    status: Literal["received"] = "received"


class ContactSubmissionOut(Schema):
    id: int
    name: str
    email: str
    order_number: str
    message: str
    conversation_id: int
    created_at: dt.datetime


class ContactSubmissionPageOut(Schema):
    items: list[ContactSubmissionOut]
    next_cursor: str | None
