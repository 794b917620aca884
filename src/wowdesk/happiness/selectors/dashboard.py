"""The consistency dashboard's figures, read from the rollups only.

Each figure is one grouped query over ``TeamDay`` or ``RepDay`` (whose size
follows days × teams × reps × channels, never the number of grades), plus a
few small indexed reads of open recoveries and the worst grades. The number
of queries is fixed whatever the period or the data.

Nothing here measures how long anyone spent with a customer or how many
customers anyone handled: every figure is about how customers felt.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wowdesk.accounts.models import Team, User
from wowdesk.accounts.selectors import team_list
from wowdesk.conversations.models import Channel
from wowdesk.core.errors import field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.happiness.models import GOOD, LETTERS, NEEDS_RECOVERY, POINTS, Grade, Recovery, RepDay, TeamDay
from wowdesk.happiness.permissions import grades_visible_to, recoveries_visible_to, sees_every_rep
from wowdesk.happiness.selectors.grades import graded_between
from wowdesk.orders.models import ProblemReport

PERIODS: dict[str, int] = {"4w": 4, "13w": 13, "26w": 26, "52w": 52}
PERIOD_LABELS = {
    "4w": gettext_lazy("Last 4 weeks"),
    "13w": gettext_lazy("Last 13 weeks"),
    "26w": gettext_lazy("Last 26 weeks"),
    "52w": gettext_lazy("Last 52 weeks"),
    "custom": gettext_lazy("Custom dates"),
}
DEFAULT_PERIOD = "26w"
# A custom period longer than this is refused: three years of daily rows is already plenty to chart.
MAX_DAYS = 3 * 366
TAIL_FRACTION = 0.10
WORST_SHOWN = 10
OPEN_SHOWN = 5
COLUMNS = tuple(letter.lower() for letter in LETTERS)


@dataclass(frozen=True)
class DashboardFilters:
    period: str = DEFAULT_PERIOD
    start: dt.date | None = None
    end: dt.date | None = None
    team_id: int | None = None
    channel: str = ""

    def resolve(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The first and last day shown; ValidationError naming ``period``, ``from``, ``to`` or ``channel``."""
        if self.channel and self.channel not in Channel.values:
            raise field_error("channel", _("Choose one of: %(c)s.") % {"c": ", ".join(Channel.values)})
        if self.period == "custom":
            if self.start is None:
                raise field_error("from", _("Give the first day of the period."))
            if self.end is None:
                raise field_error("to", _("Give the last day of the period."))
            if self.start > self.end:
                raise field_error("from", _("The first day must not be after the last."))
            if (self.end - self.start).days >= MAX_DAYS:
                raise field_error("to", _("At most %(n)d days at a time.") % {"n": MAX_DAYS})
            return self.start, self.end
        if self.period not in PERIODS:
            raise field_error("period", _("Choose one of: %(p)s.") % {"p": ", ".join([*PERIODS, "custom"])})
        end = today or timezone.localdate()
        # Whole weeks, Monday to Sunday, so the first bar of the chart is not a fragment.
        start = end - dt.timedelta(days=end.weekday()) - dt.timedelta(weeks=PERIODS[self.period] - 1)
        return start, end


@dataclass
class Distribution:
    """Counts per letter, and what they say about consistency."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LETTERS, 0))

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Distribution:
        return cls({letter: int(row.get(letter.lower()) or 0) for letter in LETTERS})

    def add(self, other: Distribution) -> None:
        for letter in LETTERS:
            self.counts[letter] += other.counts[letter]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, letter: str) -> float:
        return self.counts[letter] / self.total if self.total else 0.0

    @property
    def good_share(self) -> float:
        """Share of A and B."""
        return sum(self.counts[x] for x in GOOD) / self.total if self.total else 0.0

    @property
    def bad_share(self) -> float:
        """Share of C, D and F: the customers who did not get what they should have."""
        return sum(self.counts[x] for x in NEEDS_RECOVERY) / self.total if self.total else 0.0

    @property
    def mean(self) -> float | None:
        if not self.total:
            return None
        return sum(POINTS[x] * n for x, n in self.counts.items()) / self.total

    @property
    def spread(self) -> float | None:
        """Standard deviation of grade points (A=4 … F=0): 0 means every customer felt the same."""
        mean = self.mean
        if mean is None:
            return None
        return math.sqrt(sum(n * (POINTS[x] - mean) ** 2 for x, n in self.counts.items()) / self.total)


@dataclass
class Week:
    start: dt.date
    grades: Distribution


@dataclass
class Streak:
    """Days in a row, up to the period's last day, without a grade in ``letters``."""

    current: int
    longest: int
    # True when the period itself had none: the real streak may be longer than the period.
    whole_period: bool
    last_bad_day: dt.date | None


@dataclass
class TeamRow:
    team_id: int
    name: str
    grades: Distribution
    days_without_f: int


@dataclass
class RepRow:
    rep: User
    grades: Distribution


@dataclass
class RepPage:
    items: list[RepRow]
    next_cursor: str | None


@dataclass
class TailShare:
    """One value of a dimension (a channel, a team, a problem type) in the worst tail and overall."""

    key: str
    label: str
    in_tail: float  # how many of the tail's interactions had this value (fractional at the cut)
    tail_share: float
    overall_share: float

    @property
    def lift(self) -> float | None:
        """How over-represented the value is in the tail (2.0: twice its usual share)."""
        return self.tail_share / self.overall_share if self.overall_share else None


@dataclass
class Tail:
    size: int
    # Worst letter first: how much of each letter the tail takes (1.0 = all of them).
    cut: dict[str, float]
    channels: list[TailShare]
    teams: list[TailShare]
    problems: list[TailShare]


@dataclass
class Dashboard:
    filters: DashboardFilters
    start: dt.date
    end: dt.date
    teams: list[Team]
    total: Distribution
    weeks: list[Week]
    without_f: Streak
    without_d_or_f: Streak
    team_rows: list[TeamRow]
    reps: RepPage
    tail: Tail
    worst: list[Grade]
    open_recoveries: int
    oldest_open: list[Recovery]
    recoveries_closed: int
    recovery_seconds_avg: float | None


def _sums() -> dict[str, Sum]:
    return {column: Sum(column) for column in COLUMNS}


def _filtered(model: type[TeamDay | RepDay], start: dt.date, end: dt.date, f: DashboardFilters) -> QuerySet[Any]:
    qs = model.objects.filter(day__gte=start, day__lte=end)
    if f.team_id:
        qs = qs.filter(team_id=f.team_id)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    return qs.order_by()


def _streak(days_with: set[dt.date], start: dt.date, end: dt.date) -> Streak:
    bad = sorted(d for d in days_with if start <= d <= end)
    if not bad:
        length = (end - start).days + 1
        return Streak(current=length, longest=length, whole_period=True, last_bad_day=None)
    longest, previous = 0, start - dt.timedelta(days=1)
    for day in bad:
        longest = max(longest, (day - previous).days - 1)
        previous = day
    current = (end - bad[-1]).days
    return Streak(current=current, longest=max(longest, current), whole_period=False, last_bad_day=bad[-1])


def _weeks(by_day: dict[dt.date, Distribution], start: dt.date, end: dt.date) -> list[Week]:
    first = start - dt.timedelta(days=start.weekday())
    weeks = {}
    monday = first
    while monday <= end:
        weeks[monday] = Week(start=monday, grades=Distribution())
        monday += dt.timedelta(weeks=1)
    for day, grades in by_day.items():
        weeks[day - dt.timedelta(days=day.weekday())].grades.add(grades)
    return list(weeks.values())


def _tail(
    total: Distribution, dimensions: dict[str, dict[str, Distribution]], labels: dict[str, dict[str, str]]
) -> Tail:
    """The worst ``TAIL_FRACTION`` of interactions, taken from F upwards, and what they had in common.

    The cut falls inside one letter; that letter's interactions count in
    proportion (a tail of 30 from 20 Fs and 40 Ds takes all Fs and a quarter
    of every value's Ds), which is exact in total and fair to every value.
    """
    size = math.ceil(total.total * TAIL_FRACTION)
    cut: dict[str, float] = {}
    remaining = float(size)
    for letter in reversed(LETTERS):
        available = total.counts[letter]
        taken = min(available, remaining)
        cut[letter] = taken / available if available else 0.0
        remaining -= taken
    shares: dict[str, list[TailShare]] = {}
    for name, values in dimensions.items():
        rows = []
        for key, grades in values.items():
            in_tail = sum(grades.counts[x] * cut[x] for x in LETTERS)
            rows.append(
                TailShare(
                    key=key,
                    label=labels[name].get(key, key),
                    in_tail=in_tail,
                    tail_share=in_tail / size if size else 0.0,
                    overall_share=grades.total / total.total if total.total else 0.0,
                )
            )
        shares[name] = sorted(rows, key=lambda r: (-r.in_tail, r.label))
    return Tail(size=size, cut=cut, channels=shares["channel"], teams=shares["team"], problems=shares["problem"])


def _by_channel_and_problem(qs: QuerySet[Any]) -> tuple[dict[str, Distribution], dict[str, Distribution]]:
    """Grades per channel and per problem type, from one grouped scan (a few dozen rows come back)."""
    channels: dict[str, Distribution] = defaultdict(Distribution)
    problems: dict[str, Distribution] = defaultdict(Distribution)
    for row in qs.values("channel", "problem").annotate(**_sums()):
        grades = Distribution.of(row)
        if grades.total:
            channels[row["channel"]].add(grades)
            problems[row["problem"]].add(grades)
    return dict(channels), dict(problems)


REP_ORDERING = ("name_key", "id")


def _rep_page(user: User, f: DashboardFilters, cursor: str | None, size: int) -> Page[User]:
    people = User.objects.filter(is_active=True, team__isnull=False).select_related("team")
    if not sees_every_rep(user):
        people = people.filter(pk=user.pk)
    if f.team_id:
        people = people.filter(team_id=f.team_id)
    people = people.annotate(name_key=Lower(Concat("first_name", Value(" "), "last_name", Value(" "), "username")))
    return paginate(people, ordering=REP_ORDERING, cursor=cursor, size=size)


def _rep_rows(people: Iterable[User], start: dt.date, end: dt.date, f: DashboardFilters) -> list[RepRow]:
    people = list(people)
    rows = (
        _filtered(RepDay, start, end, f).filter(rep_id__in=[p.pk for p in people]).values("rep_id").annotate(**_sums())
    )
    by_rep = {int(row["rep_id"]): Distribution.of(row) for row in rows}
    return [RepRow(rep=p, grades=by_rep.get(p.pk, Distribution())) for p in people]


def dashboard(
    *, user: User, filters: DashboardFilters, reps_cursor: str | None = None, reps_size: int = 25,
    today: dt.date | None = None,
) -> Dashboard:  # fmt: skip
    """Every figure of the dashboard for ``filters``, in a fixed number of queries (nine)."""
    start, end = filters.resolve(today)
    teams = list(team_list())
    if filters.team_id and filters.team_id not in {t.pk for t in teams}:
        raise field_error("team", _("No such team."))
    team_names = {str(t.pk): t.name for t in teams} | {"0": str(_("No team"))}

    # Two small grouped reads: per day (the weeks, the streaks, the totals, recoveries) and per team
    # (its distribution, and the last day it had an F). A few hundred rows come back, however many grades.
    by_day: dict[dt.date, Distribution] = {}
    closed, seconds = 0, 0
    daily = (
        _filtered(TeamDay, start, end, filters)
        .values("day")
        .annotate(**_sums(), closed=Sum("recoveries_closed"), seconds=Sum("recovery_seconds"))
        .values_list("day", *COLUMNS, "closed", "seconds")
    )
    for day, a, b, c, d, f, day_closed, day_seconds in daily:
        by_day[day] = Distribution({"A": a, "B": b, "C": c, "D": d, "F": f})
        closed += day_closed or 0
        seconds += day_seconds or 0
    total = Distribution()
    for grades in by_day.values():
        total.add(grades)
    with_f = {day for day, grades in by_day.items() if grades.counts["F"]}
    with_d_or_f = {day for day, grades in by_day.items() if grades.counts["F"] or grades.counts["D"]}
    by_team: dict[str, Distribution] = {}
    last_f: dict[str, dt.date | None] = {}
    teams_rows = (
        _filtered(TeamDay, start, end, filters)
        .values("team_id")
        # Before the sums: once annotated, ``f`` would name the sum rather than the column.
        .annotate(last_f=Max("day", filter=Q(f__gt=0)))
        .annotate(**_sums())
        .values_list("team_id", *COLUMNS, "last_f")
    )
    for team_id, a, b, c, d, f, team_last_f in teams_rows:
        by_team[str(team_id)] = Distribution({"A": a, "B": b, "C": c, "D": d, "F": f})
        last_f[str(team_id)] = team_last_f
    team_rows = [
        TeamRow(
            team_id=int(key),
            name=team_names.get(key, key),
            grades=grades,
            days_without_f=_streak({d for d in [last_f.get(key)] if d}, start, end).current,
        )
        for key, grades in sorted(by_team.items(), key=lambda kv: team_names.get(kv[0], kv[0]))
        if grades.total
    ]

    channels, problems = _by_channel_and_problem(_filtered(TeamDay, start, end, filters))
    channel_labels = {str(value): str(label) for value, label in Channel.choices}
    problem_labels = {str(value): str(label) for value, label in ProblemReport.Kind.choices} | {
        "": str(_("No problem reported"))
    }
    tail = _tail(
        total,
        {
            "channel": channels,
            "team": {k: v for k, v in by_team.items() if v.total},
            "problem": problems,
        },
        {"channel": channel_labels, "team": team_names, "problem": problem_labels},
    )

    people = _rep_page(user, filters, reps_cursor, reps_size)
    reps = RepPage(items=_rep_rows(people.items, start, end, filters), next_cursor=people.next_cursor)

    worst = (
        grades_visible_to(user)
        .filter(graded_between(start, end), letter__in=sorted(NEEDS_RECOVERY))
        .select_related("conversation", "conversation__customer", "team", "rep")
    )
    open_recoveries = recoveries_visible_to(user).filter(closed_at__isnull=True)
    if filters.team_id:
        worst = worst.filter(team_id=filters.team_id)
        open_recoveries = open_recoveries.filter(team_id=filters.team_id)
    if filters.channel:
        worst = worst.filter(channel=filters.channel)
    oldest_open = list(
        open_recoveries.select_related("conversation", "conversation__customer", "team", "rep").order_by(
            "opened_at", "id"
        )[:OPEN_SHOWN]
    )
    return Dashboard(
        filters=filters,
        start=start,
        end=end,
        teams=teams,
        total=total,
        weeks=_weeks(by_day, start, end),
        without_f=_streak(with_f, start, end),
        without_d_or_f=_streak(with_d_or_f, start, end),
        team_rows=team_rows,
        reps=reps,
        tail=tail,
        worst=list(worst.order_by("-letter", "-first_graded_at", "-id")[:WORST_SHOWN]),
        open_recoveries=open_recoveries.count(),
        oldest_open=oldest_open,
        recoveries_closed=closed,
        recovery_seconds_avg=seconds / closed if closed else None,
    )


def export_rows(*, user: User, filters: DashboardFilters) -> Iterable[Grade]:
    """Every grade in the filtered period (visible to ``user``), oldest first, streamed in chunks."""
    start, end = filters.resolve()
    qs = grades_visible_to(user).filter(graded_between(start, end)).select_related("team", "rep")
    if filters.team_id:
        qs = qs.filter(team_id=filters.team_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    return qs.order_by("first_graded_at", "id").iterator(chunk_size=2000)
