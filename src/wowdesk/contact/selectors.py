"""Reads for contact-form submissions: visible as their conversations are."""

from __future__ import annotations

from wowdesk.accounts.models import User
from wowdesk.contact.models import ContactSubmission
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.core.pagination import Page, paginate


def submissions_page(*, user: User, cursor: str | None, size: int) -> Page[ContactSubmission]:
    visible = conversations_visible_to(user).values("pk")
    qs = ContactSubmission.objects.filter(conversation__in=visible).select_related("conversation")
    return paginate(qs, ordering=("-created_at", "-id"), cursor=cursor, size=size)
