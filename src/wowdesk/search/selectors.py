"""Search over customers and conversation text.

Full-text search: SQLite FTS5 or PostgreSQL text search (see
``wowdesk.search.schema`` for what is indexed and ``wowdesk.search.query``
for how input is made safe).

Conversation results page with an offset cursor, not a keyset one. The rank
is computed over every match on each request and changes as the index
grows (bm25 and ts_rank depend on the whole corpus), so a keyset on the
score would be no more stable, and a float in a cursor invites rounding
trouble. Deep pages cost the same either way: ranking must see all
matches before it can skip any.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.conversations.selectors import _list_base
from wowdesk.core.errors import field_error
from wowdesk.core.pagination import Page, decode_cursor, encode_cursor
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_list
from wowdesk.search.backends import in_order, ranked_conversation_ids, ranked_customer_ids
from wowdesk.search.query import parse_query

# Reading past this many results is not what a search box is for, and it
# bounds the work a crafted cursor can ask for.
MAX_OFFSET = 10_000


def _decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    (offset,) = decode_cursor(cursor, 1)
    if type(offset) is not int or not 0 <= offset <= MAX_OFFSET:
        raise field_error("cursor", str(_("Invalid cursor; use the value returned by the previous page.")))
    return offset


def search_conversations(*, user: User, query: str, cursor: str | None, size: int) -> Page[Conversation]:
    """Visible, live conversations whose subject or timeline text matches, best first, then most recent.

    Three queries whatever the page size: the ranking, the conversations
    (with customer, assignee and team joined), and their tags.
    """
    terms = parse_query(query)
    offset = _decode_offset(cursor)
    if size < 1:
        raise field_error("size", str(_("Must be at least 1.")))
    visible = conversations_visible_to(user).filter(merged_into__isnull=True)
    ids = ranked_conversation_ids(visible=visible, terms=terms, limit=size + 1, offset=offset)
    items = in_order(_list_base(user), ids[:size])
    next_cursor = encode_cursor([offset + size]) if len(ids) > size and offset + size <= MAX_OFFSET else None
    return Page(items=items, next_cursor=next_cursor)


def search_customers(*, user: User, query: str, limit: int = 20) -> list[Customer]:
    """Live customers whose name, preferred name or an email address matches, best first."""
    terms = parse_query(query)
    ids = ranked_customer_ids(visible=customer_list(user=user), terms=terms, limit=limit)
    return in_order(customer_list(user=user), ids)
