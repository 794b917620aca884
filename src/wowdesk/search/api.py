"""JSON API for search over customers and conversation text."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from wowdesk.api.auth import actor
from wowdesk.api.common import paged
from wowdesk.api.errors import ERRORS
from wowdesk.search.schemas import (
    ConversationSearchPageOut,
    ConversationSearchQuery,
    CustomerSearchPageOut,
    CustomerSearchQuery,
)
from wowdesk.search.selectors import search_conversations, search_customers

router = Router(tags=["search"])


@router.get("/conversations", response={200: ConversationSearchPageOut, **ERRORS}, operation_id="search_conversations")
def conversation_search(request: HttpRequest, query: Query[ConversationSearchQuery]) -> dict[str, Any]:
    """Conversations the caller may see whose subject or messages match ``q``."""
    user = actor(request)
    return paged(query, lambda cursor, size: search_conversations(user=user, query=query.q, cursor=cursor, size=size))


@router.get("/customers", response={200: CustomerSearchPageOut, **ERRORS}, operation_id="search_customers")
def customer_search(request: HttpRequest, query: Query[CustomerSearchQuery]) -> dict[str, Any]:
    """The best matching customers by name or email; a single page (``next_cursor`` is null)."""
    return {"items": search_customers(user=actor(request), query=query.q, limit=query.limit), "next_cursor": None}
