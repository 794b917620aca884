"""Building demo grades: who grades what, how it feels, and the rows that records it.

The shape: most customers give an A or a B; a tail gives C, D or F.
Harbor is the least consistent team, two reps have a wider spread than
their teammates, parcels that never arrived are graded worse, and there
was one bad week (a carrier's depot closed) about two months ago. A C, D
or F opens a recovery; almost all of the older ones were closed within a
day, usually the same afternoon.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import timezone

from wowdesk.conversations.models import Channel, Conversation, EntryKind, EventType, TimelineEntry
from wowdesk.demo.rows import RowWriter
from wowdesk.happiness.models import (
    LETTERS,
    NEEDS_RECOVERY,
    Grade,
    GradeChange,
    NoticeRole,
    Recovery,
    RecoveryNotice,
    Survey,
    SurveyStatus,
    SurveyTrigger,
)
from wowdesk.orders.models import ProblemReport

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
TAGGING = Conversation.tags.through

# Team name -> chance of A, B, C, D, F before anything else shifts it.
TEAM_SHAPES = {
    "Lighthouse": (0.62, 0.27, 0.06, 0.03, 0.02),
    "Harbor": (0.49, 0.26, 0.12, 0.07, 0.06),
    "Evergreen": (0.58, 0.29, 0.07, 0.04, 0.02),
}
DEFAULT_SHAPE = (0.56, 0.28, 0.08, 0.05, 0.03)
# Reps whose customers' grades scatter more: a chance of one letter better or worse than the team's usual.
WIDER = {"omar": 0.28, "callum": 0.22}
STEADIER = {"marisa": 0.5, "dev": 0.4}
# Problem types that hurt: a chance of one letter worse.
WORSE_FOR: dict[str, float] = {ProblemReport.Kind.LOST_IN_TRANSIT: 0.35, ProblemReport.Kind.NEVER_ARRIVED: 0.3}
WORSE_ON: dict[str, float] = {Channel.SOCIAL: 0.15, Channel.LETTER: 0.05}
BETTER_ON: dict[str, float] = {Channel.PHONE: 0.15}

COMMENTS = {
    "A": (
        "Lovely to deal with, thank you!",
        "Sorted in one call and she remembered my dog's name.",
        "Best customer service I have had in years.",
        "Quick, friendly and honest about the delay.",
        "They went out of their way. Thank you.",
    ),
    "B": (
        "Good, just took a couple of emails.",
        "Helpful, though I had to explain twice.",
        "Fine in the end.",
    ),
    "C": (
        "It got sorted but it took far too long.",
        "Polite, but nobody told me what was happening.",
        "Had to chase twice.",
    ),
    "D": (
        "The first answer did not read my message at all.",
        "Still waiting for the refund I was promised.",
        "Felt like a script.",
    ),
    "F": (
        "Nobody answered for a week.",
        "Lost parcel, and I was told to wait another ten days.",
        "I was cut off twice and had to start over.",
    ),
}
CHANGED_MIND = (
    "They called me back and put it right. Thank you.",
    "Changing my grade: the follow-up was excellent.",
    "",
)
DONE = (
    "Called back, apologised, and sent a replacement by overnight shipping.",
    "Phoned to listen properly this time; refunded the shipping.",
    "Wrote a personal note and a coupon for the next order.",
    "Called, explained what went wrong at the depot, and tracked the parcel to the door.",
    "Apologised for the canned answer and sorted the exchange on the phone.",
)


@dataclass(frozen=True)
class Resolved:
    """What the grader needs of one resolved conversation (read as plain values, a million at a time)."""

    id: int
    customer_id: int
    channel: str
    team_id: int | None
    assignee_id: int | None
    resolved_at: dt.datetime


@dataclass
class GradePlan:
    """One conversation's survey, grade, changes of mind and recovery, before it is written."""

    source: Resolved
    letter: str
    first_graded_at: dt.datetime
    # When the current letter was given: later than the first grade after a change of mind.
    graded_at: dt.datetime
    comment: str = ""
    problem: str = ""
    # Earlier letters the customer gave first (oldest first), for changes of mind.
    earlier: list[str] = field(default_factory=list)
    earlier_comment: str = ""
    recovery_closed_at: dt.datetime | None = None
    recovery_closed_by: int | None = None
    what_was_done: str = ""
    gesture_id: int | None = None


def _shift(letter: str, steps: int) -> str:
    index = min(max(LETTERS.index(letter) + steps, 0), len(LETTERS) - 1)
    return LETTERS[index]


class Grader:
    """Decides, for each resolved conversation, whether the customer graded it and how."""

    def __init__(
        self,
        rng: random.Random,
        *,
        now: dt.datetime,
        team_names: dict[int, str],
        usernames: dict[int, str],
        leads: dict[int, int],
    ) -> None:
        self.rng = rng
        self.now = now
        self.team_names = team_names
        self.usernames = usernames
        self.leads = leads
        # The bad week: a depot closed about two months ago.
        self.bad_week = (now - dt.timedelta(days=63), now - dt.timedelta(days=57))

    def letter(self, source: Resolved, problem: str, graded_at: dt.datetime) -> str:
        rng = self.rng
        shape = TEAM_SHAPES.get(self.team_names.get(source.team_id or 0, ""), DEFAULT_SHAPE)
        letter = rng.choices(LETTERS, weights=shape)[0]
        username = self.usernames.get(source.assignee_id or 0, "")
        if username in WIDER and rng.random() < WIDER[username]:
            letter = _shift(letter, rng.choice((-1, 1, 1)))
        if username in STEADIER and rng.random() < STEADIER[username]:
            letter = _shift(letter, -1)
        worse = WORSE_FOR.get(problem, 0.0) + WORSE_ON.get(source.channel, 0.0)
        if self.bad_week[0] <= graded_at <= self.bad_week[1] and problem:
            worse += 0.5
        if rng.random() < worse:
            letter = _shift(letter, 1 + (rng.random() < 0.3))
        if rng.random() < BETTER_ON.get(source.channel, 0.0):
            letter = _shift(letter, -1)
        return letter

    def plan(self, source: Resolved, problem: str) -> GradePlan | None:
        rng = self.rng
        # About half the customers asked answer; some conversations are never asked (too recent a survey).
        if rng.random() >= 0.5:
            return None
        graded_at = source.resolved_at + dt.timedelta(minutes=5) + dt.timedelta(hours=rng.lognormvariate(1.2, 1.1))
        if graded_at >= self.now:
            return None
        letter = self.letter(source, problem, graded_at)
        plan = GradePlan(source=source, letter=letter, first_graded_at=graded_at, graded_at=graded_at, problem=problem)
        if rng.random() < 0.3:
            plan.comment = rng.choice(COMMENTS[letter])
        if letter in NEEDS_RECOVERY:
            self._recover(plan)
        return plan

    def _recover(self, plan: GradePlan) -> None:
        rng = self.rng
        age = self.now - plan.graded_at
        if age < 2 * DAY and rng.random() < 0.6:
            return  # still open: somebody is on it
        took = dt.timedelta(hours=min(rng.lognormvariate(1.4, 0.9), 70))
        closed_at = max(plan.graded_at, min(plan.graded_at + took, self.now - dt.timedelta(minutes=5)))
        plan.recovery_closed_at = closed_at
        source = plan.source
        plan.recovery_closed_by = source.assignee_id or self.leads.get(source.team_id or 0)
        plan.what_was_done = rng.choice(DONE)
        # One in eight customers, called back, changes their mind.
        regraded_at = closed_at + dt.timedelta(hours=rng.uniform(1, 20))
        if rng.random() < 0.125 and regraded_at < self.now:
            plan.earlier, plan.earlier_comment = [plan.letter], plan.comment
            plan.letter = rng.choice(("A", "B", "B"))
            plan.comment = rng.choice(CHANGED_MIND)
            plan.graded_at = regraded_at


TABLE_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    Survey: (
        "id", "conversation_id", "customer_id", "status", "trigger", "token_digest", "email_id", "created_at",
        "expires_at",
    ),
    Grade: (
        "id", "survey_id", "conversation_id", "letter", "comment", "revision", "day", "channel", "team_id",
        "rep_id", "problem", "first_graded_at", "graded_at",
    ),
    GradeChange: ("id", "grade_id", "letter", "previous", "comment", "created_at"),
    Grade.handled_by.through: ("id", "grade_id", "user_id"),
    Recovery: (
        "id", "grade_id", "conversation_id", "letter", "team_id", "rep_id", "opened_at", "closed_at",
        "closed_by_id", "closed_day", "recovery_seconds", "what_was_done", "gesture_id",
    ),
    RecoveryNotice: ("id", "recovery_id", "user_id", "role", "created_at"),
}  # fmt: skip
ENTRY_COLUMNS = ("id", "conversation_id", "kind", "event_type", "author_id", "body", "body_html", "data", "created_at")


def declare(writer: RowWriter) -> None:
    for model, columns in TABLE_COLUMNS.items():
        writer.table(model, columns)
    writer.table(TimelineEntry, ENTRY_COLUMNS)
    writer.table(TAGGING, ("id", "conversation_id", "tag_id"))


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def write_plan(w: RowWriter, plan: GradePlan, *, leads: dict[int, int], recovery_tag: int, digest: str) -> None:
    """The rows of one graded conversation, as ``grade_record`` and ``recovery_close`` would write them."""
    ts, add, source = w.ts, w.add, plan.source
    letters = [*plan.earlier, plan.letter]
    first_at = plan.first_graded_at
    asked = source.resolved_at + dt.timedelta(minutes=5)
    survey_id, grade_id = w.next_id(Survey), w.next_id(Grade)
    add(Survey, (survey_id, source.id, source.customer_id, SurveyStatus.SENT, SurveyTrigger.RESOLVED, digest, None,
                 ts(asked), ts(asked + dt.timedelta(days=30))))  # fmt: skip
    add(Grade, (grade_id, survey_id, source.id, plan.letter, plan.comment, len(letters), w.day(_day(first_at)),
                source.channel, source.team_id, source.assignee_id, plan.problem, ts(first_at),
                ts(plan.graded_at)))  # fmt: skip
    if source.assignee_id:
        add(Grade.handled_by.through, (w.next_id(Grade.handled_by.through), grade_id, source.assignee_id))
    previous = ""
    moments = [first_at, plan.graded_at][: len(letters)]
    for letter, at in zip(letters, moments, strict=True):
        comment = plan.comment if at is plan.graded_at and letter == plan.letter else plan.earlier_comment
        add(GradeChange, (w.next_id(GradeChange), grade_id, letter, previous, comment, ts(at)))
        body = (
            f"The customer changed their grade from {previous} to {letter}"
            if previous
            else f"The customer graded this conversation {letter}"
        ) + (f": “{comment}”" if comment else "")
        _event(w, source.id, EventType.GRADED, body, {"grade": letter, "previous": previous}, at)
        previous = letter
    first_letter = letters[0]
    if first_letter not in NEEDS_RECOVERY:
        return
    recovery_id = w.next_id(Recovery)
    closed_at = plan.recovery_closed_at
    seconds = int((closed_at - first_at).total_seconds()) if closed_at else None
    add(Recovery, (recovery_id, grade_id, source.id, first_letter, source.team_id, source.assignee_id, ts(first_at),
                   w.ts_or_none(closed_at), plan.recovery_closed_by if closed_at else None,
                   w.day(_day(closed_at)) if closed_at else None, seconds, plan.what_was_done if closed_at else "",
                   plan.gesture_id))  # fmt: skip
    notified = {source.assignee_id: NoticeRole.REP} if source.assignee_id else {}
    lead = leads.get(source.team_id or 0)
    if lead:
        notified.setdefault(lead, NoticeRole.LEAD)
    for user_id, role in notified.items():
        add(RecoveryNotice, (w.next_id(RecoveryNotice), recovery_id, user_id, role, ts(first_at)))
    _event(
        w, source.id, EventType.RECOVERY_OPENED, f"Recovery opened after a grade of {first_letter}; tagged “recovery”",
        {"recovery": recovery_id, "grade": first_letter}, first_at,
    )  # fmt: skip
    if closed_at is None:
        w.add(TAGGING, (w.next_id(TAGGING), source.id, recovery_tag))
        return
    _event(
        w, source.id, EventType.RECOVERY_CLOSED, plan.what_was_done,
        {"recovery": recovery_id, "gesture": plan.gesture_id}, closed_at, author=plan.recovery_closed_by,
    )  # fmt: skip


def _event(
    w: RowWriter, conversation_id: int, event_type: str, body: str, data: dict[str, object], at: dt.datetime,
    author: int | None = None,
) -> None:  # fmt: skip
    w.add(
        TimelineEntry,
        (
            w.next_id(TimelineEntry),
            conversation_id,
            EntryKind.EVENT,
            event_type,
            author,
            body,
            "",
            w.json(data),
            w.ts(at),
        ),
    )
