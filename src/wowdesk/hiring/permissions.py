"""Who may see and do what in hiring: the one place these rules live.

- A candidate, with their personal data (name, email) and everything about
  them, is visible to leads and admins, and to the members of that
  candidate's panel. Nobody else learns a candidate exists.
- Leads and admins run hiring: they add candidates, choose the panel and
  move a candidate along. Panelists interview and write their scorecard.
- Scorecards: a panelist sees the other scorecards only once they have
  submitted their own, so nobody is anchored by what a colleague wrote.
  Leads and admins who are not on the panel see them all (they decide).
"""

from __future__ import annotations

from django.db.models import QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard


def can_manage_hiring(user: User) -> bool:
    return is_active_staff(user) and user.sees_everything


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    if not is_active_staff(user):
        return Candidate.objects.none()
    if user.sees_everything:
        return Candidate.objects.all()
    return Candidate.objects.filter(pk__in=PanelMember.objects.filter(user_id=user.pk).values("candidate_id"))


def is_panelist(user: User, candidate: Candidate) -> bool:
    return PanelMember.objects.filter(candidate=candidate, user_id=user.pk).exists()


def may_read_scorecards(user: User, *, on_panel: bool, submitted: bool) -> bool:
    """The anchoring rule: a panelist reads the scorecards once theirs is in; managers off the panel always."""
    if not is_active_staff(user):
        return False
    if on_panel:
        return submitted
    return user.sees_everything


def scorecards_visible_to(user: User, candidate: Candidate) -> QuerySet[Scorecard]:
    """Precondition: ``user`` may see ``candidate``."""
    qs = Scorecard.objects.filter(candidate=candidate)
    submitted = qs.filter(author_id=user.pk).exists()
    return qs if may_read_scorecards(user, on_panel=is_panelist(user, candidate), submitted=submitted) else qs.none()
