"""Search over customers and conversation text.

PLACEHOLDER implementation (icontains); the search helper replaces it with
SQLite FTS5 / PostgreSQL full-text search behind the same signatures.
"""

from __future__ import annotations

from django.db.models import Q

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.selectors import SORTS, _list_base
from wowdesk.core.errors import field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_list


def _clean_query(query: str) -> str:
    query = " ".join(query.split())
    if not query:
        raise field_error("q", "Type something to search for.")
    if len(query) > 200:
        raise field_error("q", "At most 200 characters.")
    return query


def search_conversations(*, user: User, query: str, cursor: str | None, size: int) -> Page[Conversation]:
    query = _clean_query(query)
    qs = _list_base(user).filter(Q(subject__icontains=query) | Q(entries__body__icontains=query)).distinct()
    return paginate(qs, ordering=SORTS["activity"], cursor=cursor, size=size)


def search_customers(*, user: User, query: str, limit: int = 20) -> list[Customer]:
    query = _clean_query(query)
    qs = customer_list(user=user).filter(Q(name__icontains=query) | Q(emails__email__icontains=query)).distinct()
    return list(qs.order_by("name", "id")[:limit])
