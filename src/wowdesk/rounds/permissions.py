"""Who sees which round items: whoever could open the thing an item points at.

- ``conversation`` items (mentions, recoveries, parcels, refunds, waiting
  conversations, failed replies) follow their conversation, with the very
  rule of ``conversations.permissions`` (leads and admins all; a rep their
  team's, their own and the shared queue). If the conversation moves to
  another team, the item moves with it.
- ``staff`` items are about a customer (a life moment): the customer
  directory is shared by all staff (decision 0002), so are these.
- ``leads`` items (email not tied to a conversation, such as a card) are
  for leads and admins, as the outbox is.

Seeing an item is what lets someone claim and work it (visibility, not control).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.conversations.permissions import visible_conversations_q
from wowdesk.rounds.models import Audience, RoundItem


def _through(q: Q, prefix: str) -> Q:
    """``q`` (a filter on Conversation) applied through a relation, e.g. ``conversation__``.

    Joining the item's own conversation keeps a day's list a join over its
    few rows, where ``conversation__in=<visible conversations>`` would make
    the database consider the whole conversations table.
    """
    children: list[Q | tuple[str, object]] = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(_through(child, prefix))
        else:
            lookup, value = child  # type: ignore[misc]  # a (lookup, value) pair: how Q stores keyword filters
            children.append((prefix + lookup, value))
    return Q(*children, _connector=q.connector, _negated=q.negated)


def visible_items_q(user: User) -> Q | None:
    """A filter on ``RoundItem`` for what ``user`` may see; None means all of them."""
    conversations = visible_conversations_q(user)
    if conversations is None:
        return None
    by_conversation = Q(audience=Audience.CONVERSATION, conversation__isnull=False) & _through(
        conversations, "conversation__"
    )
    return Q(audience=Audience.STAFF) | by_conversation


def items_visible_to(user: User) -> QuerySet[RoundItem]:
    if not is_active_staff(user):
        return RoundItem.objects.none()
    q = visible_items_q(user)
    return RoundItem.objects.all() if q is None else RoundItem.objects.filter(q)


def releases_any_claim(user: User) -> bool:
    """Leads and admins may give back anyone's claim: one left by someone who went home is not stuck."""
    return user.sees_everything


def can_release(user: User, item: RoundItem) -> bool:
    """The person who claimed an item gives it back, and a lead can (``releases_any_claim``)."""
    return item.claimed_by_id == user.pk or releases_any_claim(user)
