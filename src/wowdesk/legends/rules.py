"""Candidate rules: each one small class that finds one kind of likely legend and says why.

A rule looks at a time window and yields ``Found`` items; the finder
(``services.candidates.candidates_find``) groups them by subject (a
conversation, or a customer's own story) and stores them idempotently.
Each rule runs a fixed number of queries, bounded by its window and by
indexed columns where the tables are big, because it also runs over
demo data sets of a million conversations.

Two rules need grades (A to F), which ``wowdesk.happiness`` owns. They take
a ``GradeSource`` (``grades.grade_source()`` by default); while no grades
exist it knows none, and those rules find nothing. Adding a further rule
is one class here and one entry in ``default_rules``.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wowdesk.conversations.models import Call, EntryKind, TimelineEntry
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import Gesture
from wowdesk.legends.grades import GradeSource, grade_source
from wowdesk.legends.models import CustomerStory, StoryState
from wowdesk.legends.words import PRAISE, THANKS, human_duration
from wowdesk.recognition.models import Award, AwardKind
from wowdesk.social.models import SocialMention

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

QUOTE = 160
# A thank-you may come days after the gesture; gestures this much older than the window still count.
THANKS_LOOKBACK = dt.timedelta(days=30)


@dataclass(frozen=True)
class Window:
    since: dt.datetime
    until: dt.datetime


@dataclass(frozen=True)
class Found:
    """One rule's reason to propose one subject."""

    rule: str
    evidence: str
    explanation: str
    happened_at: dt.datetime
    conversation_id: int | None = None
    customer_story_id: int | None = None
    gesture_id: int | None = None
    nomination_id: int | None = None

    @property
    def subject(self) -> str:
        if self.customer_story_id is not None:
            return f"story:{self.customer_story_id}"
        return f"conversation:{self.conversation_id}"


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE else flat[: QUOTE - 1] + "…"


def _any_word(field: str, words: Sequence[str]) -> Q:
    q = Q()
    for word in words:
        q |= Q(**{f"{field}__icontains": word})
    return q


def long_call_seconds() -> int:
    return int(settings.WOWDESK_LEGEND_LONG_CALL_MINUTES) * 60


class Rule(ABC):
    slug: ClassVar[str]
    label: ClassVar[StrOrPromise]

    @abstractmethod
    def find(self, window: Window) -> Iterator[Found]:
        """Everything this rule would propose for what happened in ``window``."""


def _long_calls(window: Window) -> list[Call]:
    return list(
        Call.objects.filter(
            ended_at__gte=window.since, ended_at__lt=window.until, duration_seconds__gte=long_call_seconds()
        )
        .select_related("conversation__customer", "agent")
        .order_by("ended_at", "id")
    )


class LongCall(Rule):
    """A call that ran for hours: nobody hurried the customer."""

    slug = "long_call"
    label = gettext_lazy("Very long call")

    def find(self, window: Window) -> Iterator[Found]:
        for call in _long_calls(window):
            assert call.ended_at is not None
            assert call.duration_seconds is not None
            yield Found(
                rule=self.slug,
                evidence=f"call:{call.pk}",
                explanation=_("A %(duration)s call with %(customer)s, taken by %(rep)s.")
                % {
                    "duration": human_duration(call.duration_seconds),
                    "customer": call.conversation.customer.name,
                    "rep": call.agent.display_name,
                },
                happened_at=call.ended_at,
                conversation_id=call.conversation_id,
            )


class GestureThanked(Rule):
    """A Wow gesture, and afterwards the customer wrote to say thank you."""

    slug = "gesture_thanked"
    label = gettext_lazy("Gesture, then a thank-you")

    def find(self, window: Window) -> Iterator[Found]:
        # One join (thank-you messages in the window x earlier gestures on the same conversation) rather
        # than a subquery per gesture: the database reads each table once even when the timeline's
        # indexes are missing, as they are while the demo generator bulk-loads a million conversations.
        pairs = (
            TimelineEntry.objects.filter(
                Q(kind=EntryKind.INBOUND, created_at__gte=window.since, created_at__lt=window.until)
                & _any_word("body", THANKS)
            )
            .filter(
                conversation__gestures__granted_at__gte=window.since - THANKS_LOOKBACK,
                conversation__gestures__granted_at__lt=F("created_at"),
            )
            .values_list("conversation__gestures__id", "created_at", "id", "body")
            .order_by("created_at", "id")
        )
        first: dict[int, tuple[dt.datetime, str]] = {}
        for gesture_id, created_at, _entry_id, body in pairs:
            first.setdefault(gesture_id, (created_at, body))
        gestures = Gesture.objects.filter(pk__in=list(first)).select_related("granted_by").order_by("granted_at", "id")
        for gesture in gestures:
            thanked_at, thanks = first[gesture.pk]
            yield Found(
                rule=self.slug,
                evidence=f"gesture:{gesture.pk}",
                explanation=_("%(rep)s granted %(item)s (“%(why)s”), and the customer wrote back: “%(thanks)s”")
                % {
                    "rep": gesture.granted_by.display_name,
                    "item": gesture.item_name,
                    "why": _quote(gesture.why),
                    "thanks": _quote(thanks),
                },
                happened_at=thanked_at,
                conversation_id=gesture.conversation_id,
                gesture_id=gesture.pk,
            )


class HeroAward(Rule):
    """A colleague's Hero award: the nomination's conversation is the story."""

    slug = "hero_award"
    label = gettext_lazy("Hero award winner")

    def find(self, window: Window) -> Iterator[Found]:
        awards = (
            Award.objects.filter(
                kind=AwardKind.HERO,
                announced_at__gte=window.since,
                announced_at__lt=window.until,
                nomination__conversation__isnull=False,
            )
            .select_related("recipient", "nomination")
            .order_by("announced_at", "id")
        )
        for award in awards:
            assert award.nomination is not None
            assert award.recipient is not None
            yield Found(
                rule=self.slug,
                evidence=f"award:{award.pk}",
                explanation=_("%(name)s was Hero of %(month)s for this: “%(story)s”")
                % {
                    "name": award.recipient.display_name,
                    "month": award.month.strftime("%B %Y"),
                    "story": _quote(award.nomination.story),
                },
                happened_at=award.announced_at,
                conversation_id=award.nomination.conversation_id,
                nomination_id=award.nomination_id,
            )


class SocialPraise(Rule):
    """A public post praising us, on a conversation a rep looked after."""

    slug = "social_praise"
    label = gettext_lazy("Public post praising a rep")

    def find(self, window: Window) -> Iterator[Found]:
        mentions = (
            SocialMention.objects.filter(posted_at__gte=window.since, posted_at__lt=window.until)
            .filter(_any_word("text", PRAISE), conversation__assignee__isnull=False)
            .select_related("conversation__assignee")
            .order_by("posted_at", "id")
        )
        for mention in mentions:
            assignee = mention.conversation.assignee
            assert assignee is not None
            yield Found(
                rule=self.slug,
                evidence=f"mention:{mention.pk}",
                explanation=_("A public post by @%(handle)s on %(network)s, after %(rep)s helped: “%(text)s”")
                % {
                    "handle": mention.author_handle,
                    "network": mention.get_network_display(),
                    "rep": assignee.display_name,
                    "text": _quote(mention.text),
                },
                happened_at=mention.posted_at,
                conversation_id=mention.conversation_id,
            )


class CustomerStoryAccepted(Rule):
    """A customer told their own story of us on the public page, and a moderator accepted it."""

    slug = "customer_story"
    label = gettext_lazy("A customer's own story")

    def find(self, window: Window) -> Iterator[Found]:
        stories = CustomerStory.objects.filter(
            state=StoryState.ACCEPTED, moderated_at__gte=window.since, moderated_at__lt=window.until
        ).order_by("moderated_at", "id")
        for story in stories:
            assert story.moderated_at is not None
            yield Found(
                rule=self.slug,
                evidence=f"story:{story.pk}",
                explanation=_("%(name)s told us their own story: “%(text)s”")
                % {"name": story.name, "text": _quote(story.published_text or story.text)},
                happened_at=story.moderated_at,
                customer_story_id=story.pk,
            )


class _Graded(Rule):
    """Base for rules that also need the conversation's latest grade to be an A."""

    grade = "A"

    def __init__(self, grades: GradeSource | None = None) -> None:
        self.grades = grades if grades is not None else grade_source()

    def graded_a(self, conversation_ids: Sequence[int]) -> set[int]:
        if not conversation_ids:
            return set()
        latest = self.grades(conversation_ids=list(dict.fromkeys(conversation_ids)))
        return {pk for pk, grade in latest.items() if grade == self.grade}


class LongCallGradedA(_Graded):
    """A very long call on a conversation whose latest grade is an A."""

    slug = "long_call_a"
    label = gettext_lazy("Very long call, graded A")

    def find(self, window: Window) -> Iterator[Found]:
        calls = _long_calls(window)
        graded = self.graded_a([c.conversation_id for c in calls])
        for call in calls:
            if call.conversation_id in graded:
                assert call.ended_at is not None
                assert call.duration_seconds is not None
                yield Found(
                    rule=self.slug,
                    evidence=f"call:{call.pk}",
                    explanation=_("A %(duration)s call, and the customer graded the conversation A.")
                    % {"duration": human_duration(call.duration_seconds)},
                    happened_at=call.ended_at,
                    conversation_id=call.conversation_id,
                )


class LifeMomentGradedA(_Graded):
    """A life moment came up in a conversation whose latest grade is an A."""

    slug = "life_moment_a"
    label = gettext_lazy("Life moment, graded A")

    def find(self, window: Window) -> Iterator[Found]:
        moments = list(
            LifeMoment.objects.filter(
                created_at__gte=window.since, created_at__lt=window.until, conversation__isnull=False
            )
            .select_related("customer")
            .order_by("created_at", "id")
        )
        graded = self.graded_a([m.conversation_id for m in moments if m.conversation_id is not None])
        for moment in moments:
            if moment.conversation_id in graded:
                yield Found(
                    rule=self.slug,
                    evidence=f"moment:{moment.pk}",
                    explanation=_("%(customer)s shared a life moment (%(kind)s), and graded the conversation A.")
                    % {"customer": moment.customer.name, "kind": moment.get_kind_display()},
                    happened_at=moment.created_at,
                    conversation_id=moment.conversation_id,
                )


def default_rules(*, grades: GradeSource | None = None) -> list[Rule]:
    grades = grades if grades is not None else grade_source()
    return [
        LongCall(),
        GestureThanked(),
        HeroAward(),
        SocialPraise(),
        CustomerStoryAccepted(),
        LongCallGradedA(grades),
        LifeMomentGradedA(grades),
    ]


RULE_LABELS = {
    rule.slug: rule.label
    for rule in (
        LongCall,
        GestureThanked,
        HeroAward,
        SocialPraise,
        CustomerStoryAccepted,
        LongCallGradedA,
        LifeMomentGradedA,
    )
}
