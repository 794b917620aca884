"""Reads for social mentions: visible as their conversations are."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import can_manage_staff
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.social.models import SocialMention, SocialSource

FILTERS = ("open", "done", "all")


def _visible(user: User) -> QuerySet[SocialMention]:
    return SocialMention.objects.filter(conversation__in=conversations_visible_to(user).values("pk")).select_related(
        "customer", "conversation", "followed_up_by"
    )


def mentions_page(*, user: User, show: str = "open", cursor: str | None, size: int) -> Page[SocialMention]:
    """Mentions on conversations ``user`` may see, newest post first: ``open`` (flagged), ``done`` or ``all``."""
    if show not in FILTERS:
        raise field_error("show", _("Choose one of: %(values)s.") % {"values": ", ".join(FILTERS)})
    qs = _visible(user)
    if show == "open":
        qs = qs.filter(followed_up_at__isnull=True)
    elif show == "done":
        qs = qs.filter(followed_up_at__isnull=False)
    return paginate(qs, ordering=("-posted_at", "-id"), cursor=cursor, size=size)


def mention_get_for_user(*, user: User, pk: int) -> SocialMention:
    mention = _visible(user).filter(pk=pk).first()
    if mention is None:
        raise NotFound("No such mention.")
    return mention


def source_list(*, user: User) -> list[SocialSource]:
    return list(SocialSource.objects.order_by("name", "id")) if can_manage_staff(user) else []


def source_get_for_user(*, user: User, pk: int) -> SocialSource:
    source = SocialSource.objects.filter(pk=pk).first() if can_manage_staff(user) else None
    if source is None:
        raise NotFound("No such source.")
    return source
