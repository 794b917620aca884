"""Who may see what. Every object-level check in WowDesk goes through the
functions in the ``permissions`` module of the object's app; this one holds
the staff-wide rules they build on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wowdesk.accounts.models import User


def is_active_staff(user: object) -> bool:
    """Every employee is staff; a deactivated account sees nothing."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_manage_staff(user: User) -> bool:
    return user.role == user.Role.ADMIN or user.is_superuser
