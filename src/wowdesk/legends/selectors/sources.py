"""Resolving where a story comes from (ids from a form or the API) through each object's own getter."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import NotFound, field_error
from wowdesk.gestures.selectors import gesture_get_for_user
from wowdesk.legends.facts import Sources
from wowdesk.legends.models import Candidate, CustomerStory, StoryState
from wowdesk.legends.selectors.candidates import candidate_get_for_user
from wowdesk.legends.selectors.stories import customer_story_get_for_user
from wowdesk.recognition.selectors import nomination_get_for_user


def _get[T](field: str, get: Callable[[], T]) -> T:
    try:
        return get()
    except NotFound as exc:
        raise field_error(
            field, _("No such %(what)s, or you may not see it.") % {"what": field.replace("_", " ")}
        ) from exc


def resolve_sources(
    *,
    user: User,
    conversation: int | None = None,
    gesture: int | None = None,
    nomination: int | None = None,
    customer_story: int | None = None,
    candidate: int | None = None,
) -> tuple[Sources, Candidate | None]:
    """The sources named by id, each checked with its permission-checked getter.

    A candidate brings its own subject and the gesture or nomination its
    reasons point at (those the user may see). A missing or hidden id is a
    ValidationError on that field.
    """
    found: Candidate | None = None
    story: CustomerStory | None = None
    if candidate is not None:
        found = _get("candidate", lambda: candidate_get_for_user(user=user, pk=candidate))
        assert found is not None
        conversation = conversation or found.conversation_id
        story = found.customer_story
        for reason in found.reasons.all():
            gesture = gesture or reason.gesture_id
            nomination = nomination or reason.nomination_id
    if customer_story is not None and story is None:
        story = _get("customer_story", lambda: customer_story_get_for_user(user=user, pk=customer_story))
    if story is not None and story.state != StoryState.ACCEPTED:
        raise field_error("customer_story", _("Only an accepted story can be told as a legend."))
    gesture_obj = None if gesture is None else _get("gesture", lambda: gesture_get_for_user(user=user, pk=gesture))
    nomination_obj = (
        None if nomination is None else _get("nomination", lambda: nomination_get_for_user(user=user, pk=nomination))
    )
    # The story is told from its conversation, which the teller must be able to see themselves
    # (a huddle helper sees the gesture, a colleague sees a nomination, not always the conversation).
    if conversation is None:
        conversation = (gesture_obj.conversation_id if gesture_obj else None) or (
            nomination_obj.conversation_id if nomination_obj else None
        )
    sources = Sources(
        conversation=None
        if conversation is None
        else _get("conversation", lambda: conversation_get_for_user(user=user, pk=conversation)),
        gesture=gesture_obj,
        nomination=nomination_obj,
        customer_story=story,
    )
    if sources.evidence is None and story is None:
        raise field_error("conversation", _("Choose the conversation, gesture, nomination or customer story to tell."))
    return sources, found
