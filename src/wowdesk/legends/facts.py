"""The key facts of a story's evidence, gathered when it is captured, and a first draft from them.

The facts are a snapshot (stored on the legend as JSON): the people, the
channel, how long the calls ran, what was done (gestures, with the rep's
own why), life moments, the grade when known, the Hero nomination or the
customer's own words. A fixed number of queries, whatever the history.

Preconditions: the caller resolved every source through its
permission-checked getter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Call, Conversation, EntryKind, TimelineEntry
from wowdesk.customers.models import LifeMoment, RapportNote
from wowdesk.gestures.models import Gesture
from wowdesk.gestures.selectors import sidekick_users_for_conversation
from wowdesk.legends.grades import GradeSource
from wowdesk.legends.models import CustomerStory
from wowdesk.legends.words import THANKS, human_duration
from wowdesk.recognition.models import Nomination

MAX_GESTURES = 10
MAX_MOMENTS = 5


@dataclass(frozen=True)
class Sources:
    """Where a story comes from; at least one is set. A gesture or nomination implies its conversation."""

    conversation: Conversation | None = None
    gesture: Gesture | None = None
    nomination: Nomination | None = None
    customer_story: CustomerStory | None = None

    @property
    def evidence(self) -> Conversation | None:
        if self.conversation is not None:
            return self.conversation
        if self.gesture is not None:
            return self.gesture.conversation
        if self.nomination is not None:
            return self.nomination.conversation
        return None


def _person(user: User, role: str) -> dict[str, Any]:
    return {"id": user.pk, "name": user.display_name, "role": role}


def _conversation_facts(conversation: Conversation, grades: GradeSource) -> dict[str, Any]:
    calls = Call.objects.filter(conversation=conversation, duration_seconds__isnull=False).aggregate(
        count=Count("id"), total=Sum("duration_seconds"), longest=Max("duration_seconds")
    )
    gestures = list(
        Gesture.objects.filter(Q(conversation=conversation) | Q(conversation__merged_into=conversation))
        .select_related("granted_by")
        .order_by("granted_at", "id")[:MAX_GESTURES]
    )
    moments = list(LifeMoment.objects.filter(conversation=conversation).order_by("happened_on", "id")[:MAX_MOMENTS])
    thanks_q = Q()
    for word in THANKS:
        thanks_q |= Q(body__icontains=word)
    thanks = (
        TimelineEntry.objects.filter(conversation=conversation, kind=EntryKind.INBOUND)
        .filter(thanks_q)
        .order_by("-created_at", "-id")
        .values_list("body", flat=True)
        .first()
    )
    people = []
    if conversation.assignee is not None:
        people.append(_person(conversation.assignee, _("looked after the customer")))
    for gesture in gestures:
        if all(p["id"] != gesture.granted_by_id for p in people):
            people.append(_person(gesture.granted_by, _("granted a gesture")))
    for helper in sidekick_users_for_conversation(conversation_id=conversation.pk):
        if all(p["id"] != helper.pk for p in people):
            people.append(_person(helper, _("helped as a sidekick")))
    total = int(calls["total"] or 0)
    return {
        "customer": {"id": conversation.customer_id, "name": conversation.customer.name},
        "conversation": {
            "id": conversation.pk,
            "subject": conversation.subject,
            "channel": conversation.channel,
            "channel_label": str(conversation.get_channel_display()),
            "opened_on": conversation.created_at.date().isoformat(),
        },
        "people": people,
        "calls": {
            "count": int(calls["count"] or 0),
            "total_seconds": total,
            "longest_seconds": int(calls["longest"] or 0),
            "total_label": human_duration(total) if total else "",
        },
        "gestures": [
            {
                "id": g.pk,
                "item": g.item_name,
                "why": g.why,
                "by": g.granted_by.display_name,
                "on": g.granted_at.date().isoformat(),
            }
            for g in gestures
        ],
        "life_moments": [
            {"kind": m.kind, "label": str(m.get_kind_display()), "note": m.note, "on": m.happened_on.isoformat()}
            for m in moments
        ],
        "rapport_notes": RapportNote.objects.filter(conversation=conversation).count(),
        "grade": grades(conversation_ids=[conversation.pk]).get(conversation.pk),
        "thanks": (thanks or "")[:500],
    }


def facts_for(sources: Sources, *, grades: GradeSource) -> dict[str, Any]:
    """The JSON snapshot stored on a new legend."""
    conversation = sources.evidence
    facts: dict[str, Any] = _conversation_facts(conversation, grades) if conversation is not None else {}
    if sources.nomination is not None:
        nomination = sources.nomination
        facts["nomination"] = {
            "id": nomination.pk,
            "kind": nomination.kind,
            "label": str(nomination.get_kind_display()),
            "nominee": nomination.nominee.display_name,
            "nominator": nomination.nominator.display_name,
            "story": nomination.story,
            "month": nomination.month.isoformat(),
        }
    if sources.customer_story is not None:
        story = sources.customer_story
        facts["customer_story"] = {"id": story.pk, "name": story.name, "text": story.text[:2000]}
    return facts


def draft_story(facts: dict[str, Any]) -> str:
    """A first draft in plain paragraphs, for the author to rewrite in their own words."""
    paragraphs = []
    conversation, customer = facts.get("conversation"), facts.get("customer")
    if conversation and customer:
        paragraphs.append(
            _("%(customer)s got in touch by %(channel)s on %(date)s: “%(subject)s”.")
            % {
                "customer": customer["name"],
                "channel": conversation["channel_label"].lower(),
                "date": conversation["opened_on"],
                "subject": conversation["subject"],
            }
        )
    people = facts.get("people") or []
    if people:
        paragraphs.append(" ".join(f"{p['name']} {p['role']}." for p in people))
    calls = facts.get("calls") or {}
    if calls.get("total_seconds"):
        paragraphs.append(_("On the phone for %(duration)s in all.") % {"duration": calls["total_label"]})
    for moment in facts.get("life_moments") or []:
        paragraphs.append(f"{moment['label']}: {moment['note']}" if moment["note"] else moment["label"])
    for gesture in facts.get("gestures") or []:
        paragraphs.append(f"{gesture['item']}: “{gesture['why']}” ({gesture['by']})")
    if facts.get("thanks"):
        paragraphs.append(_("The customer wrote back: “%(thanks)s”") % {"thanks": facts["thanks"]})
    nomination = facts.get("nomination")
    if nomination:
        paragraphs.append(
            _("%(nominator)s nominated %(nominee)s: “%(story)s”")
            % {"nominator": nomination["nominator"], "nominee": nomination["nominee"], "story": nomination["story"]}
        )
    story = facts.get("customer_story")
    if story:
        paragraphs.append(_("In %(name)s's own words: “%(text)s”") % {"name": story["name"], "text": story["text"]})
    return "\n\n".join(paragraphs)
