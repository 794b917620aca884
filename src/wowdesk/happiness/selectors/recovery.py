"""Reads of recovery items and the in-app notices about them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.gestures.models import Gesture
from wowdesk.happiness.models import Recovery, RecoveryNotice
from wowdesk.happiness.permissions import recoveries_visible_to

STATES = ("open", "closed", "mine")


def _base(user: User) -> QuerySet[Recovery]:
    return recoveries_visible_to(user).select_related(
        "grade", "conversation", "conversation__customer", "team", "rep", "closed_by", "gesture"
    )


def recovery_get_for_user(*, user: User, pk: int) -> Recovery:
    recovery = _base(user).filter(pk=pk).first()
    if recovery is None:
        raise NotFound(_("No such recovery."))
    return recovery


def recoveries_page(
    *, user: User, state: str = "open", team_id: int | None = None, cursor: str | None, size: int
) -> Page[Recovery]:
    """Open ones oldest first (the longest wait on top), closed ones latest first; ``mine``: open, noticed to me."""
    if state not in STATES:
        raise field_error("state", _("Choose one of: %(s)s.") % {"s": ", ".join(STATES)})
    qs = _base(user)
    if team_id:
        qs = qs.filter(team_id=team_id)
    if state == "closed":
        return paginate(qs.filter(closed_at__isnull=False), ordering=("-closed_at", "-id"), cursor=cursor, size=size)
    qs = qs.filter(closed_at__isnull=True)
    if state == "mine":
        qs = qs.filter(pk__in=RecoveryNotice.objects.filter(user=user).values("recovery_id"))
    return paginate(qs, ordering=("opened_at", "id"), cursor=cursor, size=size)


def my_open_recoveries_count(*, user: User) -> int:
    """Open recoveries the user was notified of: the number beside "Happiness" in the menu."""
    return Recovery.objects.filter(
        closed_at__isnull=True, pk__in=RecoveryNotice.objects.filter(user=user).values("recovery_id")
    ).count()


def open_recovery_for_conversation(*, conversation_id: int) -> Recovery | None:
    return Recovery.objects.filter(conversation_id=conversation_id, closed_at__isnull=True).first()


def recoveries_for_conversation(*, conversation_id: int) -> list[Recovery]:
    return list(
        Recovery.objects.filter(conversation_id=conversation_id)
        .select_related("closed_by", "gesture")
        .order_by("-opened_at", "-id")
    )


def gestures_for_recovery(*, recovery: Recovery) -> QuerySet[Gesture]:
    """The gestures granted on the recovery's conversation, newest first: what the close form offers."""
    return Gesture.objects.filter(conversation_id=recovery.conversation_id).order_by("-granted_at", "-id")
