"""Who may see and change cards.

- A card, with its customer's name and address, is visible to its author
  and to leads and admins (who run the day's print batch). Reps print and
  mail their own cards.
- The week's gallery for Card of the Week is shown to all active staff, but
  through its own selector, which hides the customer's name unless they
  agreed, and never shows an address or a conversation.
- A team's card time is set by the leads of that team and by admins.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wowdesk.accounts.models import Team, User
from wowdesk.accounts.permissions import can_manage_staff, is_active_staff
from wowdesk.cards.models import Card


def cards_visible_to(user: User) -> QuerySet[Card]:
    if not is_active_staff(user):
        return Card.objects.none()
    if user.sees_everything:
        return Card.objects.all()
    return Card.objects.filter(author_id=user.pk)


def can_configure_card_time(user: User, team: Team) -> bool:
    if not is_active_staff(user):
        return False
    if can_manage_staff(user):
        return True
    return user.role == User.Role.LEAD and user.team_id == team.pk
