"""Reads for customers' own stories: the moderation queue and one story."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.legends.models import CustomerStory, StoryState
from wowdesk.legends.permissions import can_moderate_stories


def _stories(user: User) -> QuerySet[CustomerStory]:
    if not can_moderate_stories(user):
        return CustomerStory.objects.none()
    return CustomerStory.objects.select_related("customer", "moderated_by").prefetch_related(
        Prefetch("conversations", queryset=Conversation.objects.order_by("-last_activity_at", "-id"))
    )


def customer_stories_page(*, user: User, state: str, cursor: str | None, size: int) -> Page[CustomerStory]:
    """Stories for moderators: waiting ones oldest first (a queue), decided ones newest first."""
    if state not in StoryState.values:
        raise field_error("state", _("Choose one of: %(c)s.") % {"c": ", ".join(StoryState.values)})
    qs = _stories(user).filter(state=state)
    ordering = ("created_at", "id") if state == StoryState.PENDING else ("-created_at", "-id")
    return paginate(qs, ordering=ordering, cursor=cursor, size=size)


def customer_story_get_for_user(*, user: User, pk: int) -> CustomerStory:
    story = _stories(user).filter(pk=pk).first()
    if story is None:
        raise NotFound(_("No such story."))
    return story
