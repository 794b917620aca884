"""How a stint is going, read from what the hire actually did: calls, replies, gestures, grades, cards, legends.

Nothing here ranks or compares anyone. Call counts and time on the phones
are facts about one person's week, shown on their own stint; no function
returns hires ordered by them, and the overview lists carry no call
figures at all. A long call is simply a long call.

Costs: everything is bounded by one hire and one window. The timeline has
no index by author (docs/architecture.md: it would be the costliest index
on the biggest table), so replies are looked for only in the conversations
the hire owns or called on, through the timeline's conversation index. A
reply on someone else's conversation that the hire neither owns nor called
on is not counted; the decision record says why that is acceptable.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Case, IntegerField, Max, Min, Model, Q, Value, When
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.cards.models import Card
from wowdesk.conversations.models import Call, Conversation, EntryKind, TimelineEntry
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.gestures.models import Gesture
from wowdesk.happiness.models import LETTERS, Grade
from wowdesk.legends.models import PUBLISHED, LegendRead, ReadingListItem
from wowdesk.legends.words import human_duration
from wowdesk.onboarding.models import (
    AUTOMATIC_MILESTONES,
    CheckIn,
    Milestone,
    PhoneStint,
)

# The stint page lists this many of the hire's conversations, most recent first.
CONVERSATIONS_SHOWN = 30


@dataclass(frozen=True)
class Window:
    """The stretch of time a stint covers: its first local midnight to now, or to the graduation."""

    start: dt.datetime
    end: dt.datetime


def window_of(stint: PhoneStint, now: dt.datetime) -> Window | None:
    """None while the stint has not started."""
    start = dt.datetime.combine(stint.starts_on, dt.time.min, tzinfo=timezone.get_current_timezone())
    end = stint.graduated_at or now
    return Window(start=start, end=end) if end > start else None


# Milestones ---------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneState:
    key: str
    label: str
    automatic: bool
    done_at: dt.datetime | None
    ticked_by: User | None = None
    note: str = ""

    @property
    def done(self) -> bool:
        return self.done_at is not None


def _firsts(
    model: type[Model], user_field: str, time_field: str, windows: dict[int, tuple[int, Window]]
) -> dict[int, dt.datetime]:
    """Stint id → the earliest ``time_field`` of ``model`` rows by its hire inside its window. One query.

    Each stint is one indexed range (the hire, then the time); the CASE
    labels every row with its stint, so a person with two stints in the
    list (someone hired twice) gets each stint's own first.
    """
    if not windows:
        return {}
    conditions = [
        Q(**{user_field: hire_id, f"{time_field}__gte": window.start, f"{time_field}__lt": window.end})
        for hire_id, window in windows.values()
    ]
    label = Case(
        *(When(q, then=Value(stint_id)) for stint_id, q in zip(windows, conditions, strict=True)),
        output_field=IntegerField(),
    )
    rows = (
        model._default_manager.filter(reduce(operator.or_, conditions))
        .annotate(stint_key=label)
        .values("stint_key")
        .annotate(first=Min(time_field))
        .order_by()
    )
    return {row["stint_key"]: row["first"] for row in rows}


@dataclass(frozen=True)
class ReadingRow:
    item: ReadingListItem
    read: bool


@dataclass(frozen=True)
class ReadingState:
    rows: list[ReadingRow]
    finished_at: dt.datetime | None

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.read)

    @property
    def total(self) -> int:
        return len(self.rows)


def new_hire_items() -> list[ReadingListItem]:
    """The published legends on every reading list meant for new hires, each legend once, in list order."""
    items = (
        ReadingListItem.objects.filter(reading_list__for_new_hires=True, legend__state__in=PUBLISHED)
        .select_related("reading_list", "legend")
        .order_by("reading_list__name", "reading_list_id", "position", "id")
    )
    seen: set[int] = set()
    unique = []
    for item in items:
        if item.legend_id not in seen:
            seen.add(item.legend_id)
            unique.append(item)
    return unique


def reading_states(*, hire_ids: Iterable[int], items: list[ReadingListItem]) -> dict[int, ReadingState]:
    """Each hire's progress through the new hires' reading (one query); reading before day one counts too."""
    hire_ids = list(set(hire_ids))
    legend_ids = [item.legend_id for item in items]
    read: dict[int, dict[int, dt.datetime]] = {pk: {} for pk in hire_ids}
    if hire_ids and legend_ids:
        for user_id, legend_id, read_at in LegendRead.objects.filter(
            user_id__in=hire_ids, legend_id__in=legend_ids
        ).values_list("user_id", "legend_id", "read_at"):
            read[user_id][legend_id] = read_at
    states = {}
    for pk in hire_ids:
        mine = read[pk]
        rows = [ReadingRow(item=item, read=item.legend_id in mine) for item in items]
        finished = max(mine.values()) if rows and len(mine) == len(rows) else None
        states[pk] = ReadingState(rows=rows, finished_at=finished)
    return states


def milestone_states(
    *, stints: list[PhoneStint], reading: dict[int, ReadingState], now: dt.datetime
) -> dict[int, list[MilestoneState]]:
    """Every stint's checklist: automatic ones from the data (three grouped queries), manual ones from ticks.

    Precondition: ``stints`` have their ``ticks`` prefetched with ``ticked_by``.
    """
    windows = {}
    for stint in stints:
        window = window_of(stint, now)
        if window is not None:
            windows[stint.pk] = (stint.hire_id, window)
    found = {
        Milestone.SOLO_CALL: _firsts(Call, "agent_id", "started_at", windows),
        Milestone.WOW_GESTURE: _firsts(Gesture, "granted_by_id", "granted_at", windows),
        Milestone.CARD_WRITTEN: _firsts(Card, "author_id", "created_at", windows),
    }
    result = {}
    for stint in stints:
        ticks = {tick.milestone: tick for tick in stint.ticks.all()}
        states = []
        for milestone in Milestone:
            if milestone == Milestone.READING_DONE:
                state = reading.get(stint.hire_id)
                done_at = state.finished_at if state is not None and stint.pk in windows else None
                states.append(MilestoneState(milestone.value, str(milestone.label), True, done_at))
            elif milestone in AUTOMATIC_MILESTONES:
                states.append(
                    MilestoneState(milestone.value, str(milestone.label), True, found[milestone].get(stint.pk))
                )
            else:
                tick = ticks.get(milestone.value)
                states.append(
                    MilestoneState(
                        milestone.value,
                        str(milestone.label),
                        False,
                        tick.ticked_at if tick else None,
                        tick.ticked_by if tick else None,
                        tick.note if tick else "",
                    )
                )
        result[stint.pk] = states
    return result


# Weeks --------------------------------------------------------------------------


@dataclass
class Tally:
    """What happened in a stretch of the stint. Facts only: there is no rate, average or target here."""

    conversations: int = 0
    calls: int = 0
    call_seconds: int = 0
    replies: int = 0
    gestures: int = 0
    grades: Counter[str] = field(default_factory=Counter)

    @property
    def time_on_phones(self) -> str:
        return human_duration(self.call_seconds) if self.call_seconds else "—"

    @property
    def grade_counts(self) -> list[tuple[str, int]]:
        """Every letter A to F with its count, zeros included: a distribution, not an average."""
        return [(letter, self.grades[letter]) for letter in LETTERS]

    @property
    def graded(self) -> int:
        return sum(self.grades.values())


@dataclass
class WeekTally(Tally):
    number: int = 0
    first_day: dt.date = dt.date.min
    last_day: dt.date = dt.date.min
    planned: bool = True
    current: bool = False
    check_ins: list[CheckIn] = field(default_factory=list)


@dataclass(frozen=True)
class Activity:
    weeks: list[WeekTally]
    total: Tally
    conversation_ids: set[int]


def activity(*, stint: PhoneStint, check_ins: list[CheckIn], now: dt.datetime) -> Activity:
    """The stint week by week, from four bounded queries (calls, replies in owned or called conversations,
    gestures, grades).

    Weeks run from the stint's first day in steps of seven local days. The
    planned weeks are always shown, and so is any later week that is the
    current one or has something in it (a stint past its plan, waiting to
    graduate): nothing in the window is ever left out.
    """
    today = timezone.localdate(now)
    current = stint.current_week(today) if stint.graduated_at is None else 0
    found: dict[int, WeekTally] = {}
    handled: dict[int, set[int]] = {}

    def week(n: int) -> WeekTally:
        if n not in found:
            found[n] = WeekTally(
                number=n,
                first_day=stint.starts_on + dt.timedelta(days=7 * (n - 1)),
                last_day=stint.starts_on + dt.timedelta(days=7 * n - 1),
                planned=n <= stint.planned_weeks,
                current=n == current,
            )
            handled[n] = set()
        return found[n]

    def at(moment: dt.datetime) -> int:
        # The window starts at the first local midnight, so every moment in it is in week 1 or later.
        return max(1, stint.week_on(timezone.localdate(moment)))

    for n in range(1, max(stint.planned_weeks, current) + 1):
        week(n)
    for check_in in check_ins:
        week(check_in.week).check_ins.append(check_in)
    window = window_of(stint, now)
    if window is not None:
        calls = Call.objects.filter(
            agent_id=stint.hire_id, started_at__gte=window.start, started_at__lt=window.end
        ).values_list("started_at", "duration_seconds", "conversation_id")
        called: set[int] = set()
        for started_at, seconds, conversation_id in calls:
            called.add(conversation_id)
            n = at(started_at)
            week(n).calls += 1
            week(n).call_seconds += seconds or 0
            handled[n].add(conversation_id)
        owned = Conversation.objects.filter(
            Q(assignee_id=stint.hire_id, last_activity_at__gte=window.start, created_at__lt=window.end)
            | Q(pk__in=list(called))
        ).values("pk")
        replies = TimelineEntry.objects.filter(
            conversation_id__in=owned,
            kind=EntryKind.OUTBOUND,
            author_id=stint.hire_id,
            created_at__gte=window.start,
            created_at__lt=window.end,
        ).values_list("created_at", "conversation_id")
        for created_at, conversation_id in replies:
            n = at(created_at)
            week(n).replies += 1
            handled[n].add(conversation_id)
        for (granted_at,) in Gesture.objects.filter(
            granted_by_id=stint.hire_id, granted_at__gte=window.start, granted_at__lt=window.end
        ).values_list("granted_at"):
            week(at(granted_at)).gestures += 1
        for graded_at, letter in Grade.objects.filter(
            handled_by=stint.hire_id, first_graded_at__gte=window.start, first_graded_at__lt=window.end
        ).values_list("first_graded_at", "letter"):
            week(at(graded_at)).grades[letter] += 1
    weeks = [week(n) for n in range(1, max(found) + 1)]
    total = Tally()
    everything: set[int] = set()
    for one in weeks:
        one.conversations = len(handled[one.number])
        everything |= handled[one.number]
        total.calls += one.calls
        total.call_seconds += one.call_seconds
        total.replies += one.replies
        total.gestures += one.gestures
        total.grades.update(one.grades)
    total.conversations = len(everything)
    return Activity(weeks=weeks, total=total, conversation_ids=everything)


def conversations_shown(*, viewer: User, conversation_ids: set[int]) -> list[Conversation]:
    """The hire's most recent conversations that ``viewer`` may open, newest activity first (one query)."""
    if not conversation_ids:
        return []
    return list(
        conversations_visible_to(viewer)
        .filter(pk__in=list(conversation_ids))
        .select_related("customer")
        .order_by("-last_activity_at", "-id")[:CONVERSATIONS_SHOWN]
    )


def last_check_ins(*, stint_ids: list[int]) -> dict[int, dt.datetime]:
    """When each stint last had a check-in (one query)."""
    if not stint_ids:
        return {}
    rows = CheckIn.objects.filter(stint_id__in=stint_ids).values("stint_id").annotate(last=Max("created_at")).order_by()
    return {row["stint_id"]: row["last"] for row in rows}
