"""API schemas for search."""

from __future__ import annotations

from ninja import Field, Schema

from wowdesk.api.common import PageQuery, Text
from wowdesk.conversations.schemas import ConversationItemOut
from wowdesk.customers.schemas import CustomerListItemOut

MAX_CUSTOMER_RESULTS = 50


class ConversationSearchQuery(PageQuery):
    q: Text = Field(..., max_length=200, description="Words from a subject or any message or note")


class ConversationSearchPageOut(Schema):
    items: list[ConversationItemOut]
    next_cursor: str | None


class CustomerSearchQuery(Schema):
    q: Text = Field(..., max_length=200, description="Part of a name or an email address")
    limit: int = Field(20, ge=1, le=MAX_CUSTOMER_RESULTS)


class CustomerSearchPageOut(Schema):
    """The best matches only: ``next_cursor`` is always null."""

    items: list[CustomerListItemOut]
    next_cursor: str | None = None
