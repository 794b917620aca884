"""Who may see and do what with phone stints; every getter, list, page and endpoint uses these.

- Leads and admins see every stint; a coach sees the stints they coach and
  a hire sees their own. Anyone else gets "not found", as for a stint that
  does not exist.
- Leads and admins start stints, extend them and graduate hires.
- The coach, leads and admins write check-ins and tick manual milestones.
- Nobody acts on their own stint, whatever their role: a lead on the phones
  is a hire like any other, and cannot sign themselves off.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.onboarding.models import PhoneStint


def sees_all_stints(user: User) -> bool:
    return is_active_staff(user) and user.sees_everything


def stints_visible_to(user: User) -> QuerySet[PhoneStint]:
    if not is_active_staff(user):
        return PhoneStint.objects.none()
    if user.sees_everything:
        return PhoneStint.objects.all()
    return PhoneStint.objects.filter(Q(hire_id=user.pk) | Q(coach_id=user.pk))


def can_start_stints(user: User) -> bool:
    return sees_all_stints(user)


def can_coach(user: User, stint: PhoneStint) -> bool:
    """Check-ins and manual milestones: the coach, leads and admins, never the hire."""
    if not is_active_staff(user) or user.pk == stint.hire_id:
        return False
    return user.pk == stint.coach_id or user.sees_everything


def can_lead(user: User, stint: PhoneStint) -> bool:
    """Extending and graduating: leads and admins, never the hire."""
    return sees_all_stints(user) and user.pk != stint.hire_id
