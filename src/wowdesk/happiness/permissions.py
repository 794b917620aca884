"""Who sees what in the happiness app; every getter and list goes through these.

- Grades and recoveries follow their conversation: whoever may see the
  conversation sees its grade and may close its recovery (visibility, not
  control). Leads and admins see all of them.
- The dashboard's team figures are for every member of staff; the per-rep
  table shows leads and admins every rep, and anyone else only themselves.
- Polls: leads and admins create them and see them all; anyone else sees
  the polls addressed to them (all staff, or their department).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.happiness.models import Grade, Poll, Recovery, RecoveryNotice


def _conversation_q(user: User) -> Q | None:
    """A filter on a model with a ``conversation`` for what ``user`` may see; None means everything."""
    if user.sees_everything:
        return None
    return Q(conversation__in=conversations_visible_to(user).values("pk"))


def grades_visible_to(user: User) -> QuerySet[Grade]:
    if not is_active_staff(user):
        return Grade.objects.none()
    q = _conversation_q(user)
    return Grade.objects.all() if q is None else Grade.objects.filter(q)


def recoveries_visible_to(user: User) -> QuerySet[Recovery]:
    """Through the conversation, and every recovery the user was notified of."""
    if not is_active_staff(user):
        return Recovery.objects.none()
    q = _conversation_q(user)
    if q is None:
        return Recovery.objects.all()
    return Recovery.objects.filter(q | Q(pk__in=RecoveryNotice.objects.filter(user=user).values("recovery_id")))


def sees_every_rep(user: User) -> bool:
    return is_active_staff(user) and user.sees_everything


def can_create_poll(user: User) -> bool:
    return is_active_staff(user) and user.sees_everything


def polls_visible_to(user: User) -> QuerySet[Poll]:
    if not is_active_staff(user):
        return Poll.objects.none()
    if user.sees_everything:
        return Poll.objects.all()
    q = Q(everyone=True)
    if user.department_id is not None:
        q |= Q(departments=user.department_id)
    return Poll.objects.filter(q).distinct()


def in_audience(user: User, poll: Poll, department_ids: set[int]) -> bool:
    """Whether ``user`` is asked by ``poll`` (``department_ids``: the poll's departments, already loaded)."""
    if not is_active_staff(user):
        return False
    return poll.everyone or (user.department_id is not None and user.department_id in department_ids)
