"""Who may nominate and vote.

- Any active staff member, in any department, may nominate a colleague as
  Hero, for a conversation they can see themselves (the evidence), and vote
  for a Hero.
- Manager of the Month is for leads, and only people who report to a lead
  nominate and vote for it. A rep's lead is a lead of the rep's team; staff
  without a team (finance, the kids' shoes buyers) report to no lead here.
- Nobody votes for a nomination that names them, as Hero, Sidekick or lead.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff


def leads_of(user: User) -> QuerySet[User]:
    """The active leads of ``user``'s team (none for someone without a team, or for a lead)."""
    if user.team_id is None or user.role != User.Role.REP:
        return User.objects.none()
    return User.objects.filter(is_active=True, role=User.Role.LEAD, team_id=user.team_id)


def reports_to_lead(user: User) -> bool:
    return is_active_staff(user) and leads_of(user).exists()


def can_be_manager_of_the_month(user: User) -> bool:
    return user.is_active and user.role == User.Role.LEAD
