"""Conversation visibility: the single rule every getter and list uses.

- Leads and admins see every conversation (visibility, not control).
- A rep sees their own team's conversations, any conversation assigned to
  them, and the shared queue of conversations with no team yet.
- Staff outside customer service (finance, the kids' shoes team) have no
  team of their own; they see what is assigned to them and the shared queue.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.conversations.models import Conversation


def visible_conversations_q(user: User) -> Q | None:
    """A filter for conversations ``user`` may see; None means "all of them"."""
    if user.sees_everything:
        return None
    q = Q(assignee_id=user.pk) | Q(team__isnull=True)
    if user.team_id is not None:
        q |= Q(team_id=user.team_id)
    return q


def conversations_visible_to(user: User) -> QuerySet[Conversation]:
    if not is_active_staff(user):
        return Conversation.objects.none()
    q = visible_conversations_q(user)
    return Conversation.objects.all() if q is None else Conversation.objects.filter(q)


def can_see_conversation(user: User, conversation: Conversation) -> bool:
    if not is_active_staff(user):
        return False
    if user.sees_everything:
        return True
    return conversation.assignee_id == user.pk or conversation.team_id is None or conversation.team_id == user.team_id


def conversation_visible_annotation(user: User, field: str = "conversation_id") -> Exists | Value:
    """An annotation for rows elsewhere that point at a conversation: may ``user`` open it?

    Pages shared across teams (orders, recognition) link a conversation only
    when this is true, so nobody is shown a link that answers "not found".
    """
    if is_active_staff(user) and user.sees_everything:
        return Value(True, output_field=BooleanField())
    return Exists(conversations_visible_to(user).filter(pk=OuterRef(field)))
