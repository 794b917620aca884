"""Customer visibility.

Customers are a directory shared by all active staff: at this company anyone
may pick up the phone to any customer, so a rep must be able to find them.
What stays team-scoped is the conversations (see conversations.permissions).
Merged-away duplicates are hidden from lists but still resolve by id, so old
links lead to the surviving record.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.customers.models import Customer


def customers_visible_to(user: User) -> QuerySet[Customer]:
    if not is_active_staff(user):
        return Customer.objects.none()
    return Customer.objects.all()
