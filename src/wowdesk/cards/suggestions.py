"""Who to write to today: the rep's own recent conversations, ranked by what
makes a card personal.

Each reason is a ``Signal``: it looks at the whole candidate list in one
query and says which conversations it applies to, with a short detail
shown beside the suggestion. The score is the sum of the weights of the
signals that apply, plus one for a conversation active today. A signal is
a yes/no fact about the conversation; nothing is ranked by how long a call
lasted or how many conversations anyone handled.

Signals today: a life moment, a long call, a problem solved, a first order,
and a customer who graded the conversation A (from ``happiness``). Adding
another is one class with ``key``, ``label``, ``weight`` and ``matches()``
appended to ``SIGNALS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.db.models import F, Min, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import User
from wowdesk.cards.models import Card
from wowdesk.cards.periods import day_bounds, local_day
from wowdesk.conversations.models import Call, Conversation, Status
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.customers.models import Customer, CustomerEmail, LifeMoment, RapportNote
from wowdesk.happiness.selectors import latest_grades
from wowdesk.orders.models import Order

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECENT_DAYS = 7
# A customer who got a card this recently is not suggested again.
CARD_COOLDOWN_DAYS = 30
# A call at least this long is a sign of a real conversation (a yes/no fact, never a ranking).
LONG_CALL_SECONDS = 30 * 60
FIRST_ORDER_DAYS = 30
# A life moment this close to today (either side) is still worth a card.
MOMENT_DAYS = 60
CANDIDATES = 100
SUGGESTIONS = 8
NOTES_PER_SUGGESTION = 3


@dataclass(frozen=True)
class Reason:
    key: str
    label: str
    detail: str = ""


@dataclass
class Suggestion:
    conversation: Conversation
    customer: Customer
    reasons: list[Reason] = field(default_factory=list)
    score: int = 0
    notes: list[RapportNote] = field(default_factory=list)

    @property
    def has_postal_address(self) -> bool:
        return bool(self.customer.address_line1 and (self.customer.city or self.customer.postal_code))

    @property
    def email(self) -> str:
        emails = list(self.customer.emails.all())
        return emails[0].email if emails else ""


class Signal(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def label(self) -> StrOrPromise: ...

    @property
    def weight(self) -> int: ...

    def matches(self, *, conversations: list[Conversation], today: dt.date) -> dict[int, str]:
        """Conversation id -> detail, for the conversations this signal applies to (one query at most)."""
        ...


class LifeMomentSignal:
    key = "life_moment"
    label = _("Life moment")
    weight = 5

    def matches(self, *, conversations: list[Conversation], today: dt.date) -> dict[int, str]:
        window = dt.timedelta(days=MOMENT_DAYS)
        moments = LifeMoment.objects.filter(
            customer_id__in={c.customer_id for c in conversations},
            happened_on__gte=today - window,
            happened_on__lte=today + window,
        ).order_by("-happened_on", "-id")
        by_customer: dict[int, str] = {}
        for moment in moments:
            detail = moment.get_kind_display() + (f": {moment.note}" if moment.note else "")
            by_customer.setdefault(moment.customer_id, detail)
        return {c.pk: by_customer[c.customer_id] for c in conversations if c.customer_id in by_customer}


class LongCallSignal:
    key = "long_call"
    label = _("A long call")
    weight = 3

    def matches(self, *, conversations: list[Conversation], today: dt.date) -> dict[int, str]:
        ids = Call.objects.filter(
            conversation_id__in=[c.pk for c in conversations], duration_seconds__gte=LONG_CALL_SECONDS
        ).values_list("conversation_id", flat=True)
        return dict.fromkeys(set(ids), "")


class ProblemSolvedSignal:
    key = "problem_solved"
    label = _("A problem solved")
    weight = 2

    def matches(self, *, conversations: list[Conversation], today: dt.date) -> dict[int, str]:
        since, _end = day_bounds(today - dt.timedelta(days=RECENT_DAYS))
        return {
            c.pk: c.subject
            for c in conversations
            if c.status == Status.RESOLVED and c.resolved_at is not None and c.resolved_at >= since
        }


class FirstOrderSignal:
    key = "first_order"
    label = _("A first order")
    weight = 2

    def matches(self, *, conversations: list[Conversation], today: dt.date) -> dict[int, str]:
        since, _end = day_bounds(today - dt.timedelta(days=FIRST_ORDER_DAYS))
        firsts = (
            Order.objects.filter(customer_id__in={c.customer_id for c in conversations})
            .values("customer_id")
            .annotate(first=Min("placed_at"))
            .filter(first__gte=since)
            .values_list("customer_id", flat=True)
        )
        new = set(firsts)
        return {c.pk: "" for c in conversations if c.customer_id in new}


class GradeASignal:
    """The customer graded the conversation A: a card that says thank you back lands well."""

    key = "graded_a"
    label = _("Graded us A")
    weight = 4

    def matches(self, *, conversations: list[Conversation], today: dt.date) -> dict[int, str]:
        grades = latest_grades(conversation_ids=[c.pk for c in conversations])
        return {pk: "" for pk, letter in grades.items() if letter == "A"}


SIGNALS: list[Signal] = [
    LifeMomentSignal(),
    LongCallSignal(),
    ProblemSolvedSignal(),
    FirstOrderSignal(),
    GradeASignal(),
]
TODAY_BONUS = 1


def _candidates(user: User, today: dt.date) -> list[Conversation]:
    since, _end = day_bounds(today - dt.timedelta(days=RECENT_DAYS))
    recently_carded = Card.objects.filter(
        created_at__gte=timezone.now() - dt.timedelta(days=CARD_COOLDOWN_DAYS)
    ).values("customer_id")
    qs = (
        conversations_visible_to(user)
        .filter(assignee=user, merged_into__isnull=True, last_activity_at__gte=since)
        .exclude(customer_id__in=recently_carded)
        .select_related("customer")
        .prefetch_related(Prefetch("customer__emails", queryset=CustomerEmail.objects.order_by("-is_primary", "id")))
        .order_by("-last_activity_at", "-id")
    )
    return list(qs[:CANDIDATES])


def _latest_notes(customer_ids: list[int]) -> dict[int, list[RapportNote]]:
    """The newest few rapport notes of each customer, in one query."""
    ranked = (
        RapportNote.objects.filter(customer_id__in=customer_ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("customer_id")], order_by=[F("created_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=NOTES_PER_SUGGESTION)
        .order_by("customer_id", "rank")
    )
    notes: dict[int, list[RapportNote]] = {}
    for note in ranked:
        notes.setdefault(note.customer_id, []).append(note)
    return notes


def card_suggestions(*, user: User, today: dt.date | None = None, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Today's suggested recipients for ``user``, best first, one per customer.

    A fixed number of queries whatever the history: the candidates, one per
    signal, and the rapport notes.
    """
    today = today or local_day()
    conversations = _candidates(user, today)
    if not conversations:
        return []
    suggestions = {c.pk: Suggestion(conversation=c, customer=c.customer) for c in conversations}
    for signal in SIGNALS:
        for conversation_id, detail in signal.matches(conversations=conversations, today=today).items():
            suggestion = suggestions[conversation_id]
            suggestion.reasons.append(Reason(key=signal.key, label=str(signal.label), detail=detail))
            suggestion.score += signal.weight
    start, _end = day_bounds(today)
    for suggestion in suggestions.values():
        if suggestion.conversation.last_activity_at >= start:
            suggestion.score += TODAY_BONUS
    ranked = sorted(
        suggestions.values(),
        key=lambda s: (-s.score, -s.conversation.last_activity_at.timestamp(), -s.conversation.pk),
    )
    best: list[Suggestion] = []
    seen: set[int] = set()
    for suggestion in ranked:
        if suggestion.customer.pk in seen:
            continue
        seen.add(suggestion.customer.pk)
        best.append(suggestion)
        if len(best) == limit:
            break
    notes = _latest_notes([s.customer.pk for s in best])
    for suggestion in best:
        suggestion.notes = notes.get(suggestion.customer.pk, [])
    return best
