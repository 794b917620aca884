"""Who may see a gesture; the one rule every getter, list and the API use.

- Leads and admins see every gesture (visibility, not control).
- Anyone else sees the gestures on conversations they may see, the ones
  they granted themselves, and the ones whose huddle they were invited to.
  The last is what lets the kids' shoes team help with a package without
  seeing the conversation it came from.

Seeing a gesture is what lets someone move it along (ship it, complete a
refund, contribute to its huddle). Nobody can block or undo one.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.gestures.models import Gesture, HuddleMember


def visible_gestures_q(user: User) -> Q | None:
    """A filter on ``Gesture`` for what ``user`` may see; None means everything."""
    if user.sees_everything:
        return None
    in_huddle = HuddleMember.objects.filter(user_id=user.pk).values("huddle__gesture_id")
    return (
        Q(conversation__in=conversations_visible_to(user).values("pk")) | Q(granted_by_id=user.pk) | Q(pk__in=in_huddle)
    )


def gestures_visible_to(user: User) -> QuerySet[Gesture]:
    if not is_active_staff(user):
        return Gesture.objects.none()
    q = visible_gestures_q(user)
    return Gesture.objects.all() if q is None else Gesture.objects.filter(q)


def can_manage_catalogue(user: User) -> bool:
    """Admins keep the catalogue; everyone else grants from it."""
    return is_active_staff(user) and (user.role == User.Role.ADMIN or user.is_superuser)
