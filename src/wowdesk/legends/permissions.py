"""Who may see and do what with legends; the one rule every getter, list and the API use.

- Published legends (to staff or the public) are open to every active
  staff member: the point of a legend is to be read.
- Drafts, legends in review and retired ones are seen by their author, by
  the colleague the story is about (its hero, who may comment on the
  draft), and by reviewers (leads and admins).
- The author and reviewers edit while a legend is a draft or in review;
  only reviewers publish, send back and retire (``workflow``).
- Admins keep the list of values; leads and admins curate reading lists
  and moderate customers' own stories.
- Candidates follow their conversation's visibility; one built on a
  customer's own story (no conversation) is open to all staff.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import can_manage_staff, is_active_staff
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.legends.models import EDITABLE, PUBLISHED, Candidate, Legend


def can_review(user: User) -> bool:
    return is_active_staff(user) and user.sees_everything


def can_manage_values(user: User) -> bool:
    return is_active_staff(user) and can_manage_staff(user)


def can_curate(user: User) -> bool:
    """Leads and admins curate reading lists."""
    return can_review(user)


def can_moderate_stories(user: User) -> bool:
    return can_review(user)


def visible_legends_q(user: User) -> Q | None:
    """A filter on ``Legend`` for what ``user`` may see; None means everything."""
    if can_review(user):
        return None
    return Q(state__in=PUBLISHED) | Q(author_id=user.pk) | Q(hero_id=user.pk)


def legends_visible_to(user: User) -> QuerySet[Legend]:
    if not is_active_staff(user):
        return Legend.objects.none()
    q = visible_legends_q(user)
    return Legend.objects.all() if q is None else Legend.objects.filter(q)


def can_edit(user: User, legend: Legend) -> bool:
    if not is_active_staff(user) or legend.state not in EDITABLE:
        return False
    return legend.author_id == user.pk or can_review(user)


def can_review_comment(user: User, legend: Legend) -> bool:
    """Who takes part in the review of a draft: its author, its hero and reviewers."""
    return is_active_staff(user) and (user.pk in (legend.author_id, legend.hero_id) or can_review(user))


def can_see_evidence(user: User, legend: Legend) -> bool:
    """The captured facts name the customer: shown to the people who work on the legend."""
    return is_active_staff(user) and (legend.author_id == user.pk or can_review(user))


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    if not is_active_staff(user):
        return Candidate.objects.none()
    if user.sees_everything:
        return Candidate.objects.all()
    return Candidate.objects.filter(
        Q(conversation__in=conversations_visible_to(user).values("pk")) | Q(conversation__isnull=True)
    )
