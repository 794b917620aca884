"""The consistency dashboard's figures, read from the rollups, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from wowdesk.conversations.models import Channel
from wowdesk.happiness.models import Recovery
from wowdesk.happiness.selectors import DashboardFilters, Distribution, dashboard
from wowdesk.happiness.selectors.dashboard import MAX_DAYS
from wowdesk.happiness.services import recovery_close

pytestmark = pytest.mark.django_db


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def graded(surveyed_factory, other_team, outsider):
    """Falcons: A, A, B today by email; an F by phone two days ago. Otters: a D and a C yesterday."""
    for letter in "AAB":
        surveyed_factory().grade(letter)
    surveyed_factory(channel=Channel.PHONE).grade("F", "Cut off twice.", now=_ago(2))
    for letter in "DC":
        surveyed_factory(team=other_team, assignee=outsider).grade(letter, now=_ago(1))


def test_distribution_mean_and_spread():
    grades = Distribution({"A": 1, "B": 0, "C": 0, "D": 0, "F": 1})
    assert grades.mean == 2.0
    assert grades.spread == 2.0
    assert Distribution({"A": 5, "B": 0, "C": 0, "D": 0, "F": 0}).spread == 0.0
    assert Distribution().mean is None


def test_the_figures_add_up(graded, lead, team, other_team):
    board = dashboard(user=lead, filters=DashboardFilters(period="4w"))

    assert board.total.counts == {"A": 2, "B": 1, "C": 1, "D": 1, "F": 1}
    assert board.total.good_share == pytest.approx(0.5)
    assert board.total.bad_share == pytest.approx(0.5)
    assert sum(week.grades.total for week in board.weeks) == 6
    assert len(board.weeks) == 4
    assert board.weeks[0].start.weekday() == 0
    assert board.without_f.current == 2
    assert board.without_f.last_bad_day == timezone.localdate() - dt.timedelta(days=2)
    assert board.without_d_or_f.current == 1
    rows = {row.name: row for row in board.team_rows}
    assert rows["Falcons"].grades.counts == {"A": 2, "B": 1, "C": 0, "D": 0, "F": 1}
    assert rows["Falcons"].days_without_f == 2
    assert rows["Otters"].grades.bad_share == 1.0
    assert rows["Otters"].days_without_f == (board.end - board.start).days + 1


def test_the_worst_tail_and_what_it_had_in_common(graded, lead):
    board = dashboard(user=lead, filters=DashboardFilters(period="4w"))
    assert board.tail.size == math.ceil(6 * 0.10) == 1
    assert board.tail.cut["F"] == 1.0
    assert board.tail.cut["D"] == 0.0
    top_channel, top_team, top_problem = board.tail.channels[0], board.tail.teams[0], board.tail.problems[0]
    assert (top_channel.key, top_channel.tail_share) == (Channel.PHONE, 1.0)
    assert top_channel.overall_share == pytest.approx(1 / 6)
    assert top_channel.lift == pytest.approx(6.0)
    assert top_team.label == "Falcons"
    assert top_problem.label == "No problem reported"
    assert [g.letter for g in board.worst] == ["F", "D", "C"]


def test_a_cut_inside_a_letter_counts_it_in_proportion(surveyed_factory, lead, other_team, outsider):
    # 20 grades: the tail is 2; one F, then half of the two Ds (one from each team).
    surveyed_factory().grade("F")
    surveyed_factory().grade("D")
    surveyed_factory(team=other_team, assignee=outsider).grade("D")
    for _ in range(17):
        surveyed_factory().grade("A")
    board = dashboard(user=lead, filters=DashboardFilters(period="4w"))
    assert board.tail.size == 2
    assert board.tail.cut["D"] == pytest.approx(0.5)
    teams = {row.label: row.in_tail for row in board.tail.teams}
    assert teams == {"Falcons": pytest.approx(1.5), "Otters": pytest.approx(0.5)}


def test_filters_by_team_and_channel(graded, lead, other_team):
    by_team = dashboard(user=lead, filters=DashboardFilters(period="4w", team_id=other_team.pk))
    assert by_team.total.counts == {"A": 0, "B": 0, "C": 1, "D": 1, "F": 0}
    assert [row.name for row in by_team.team_rows] == ["Otters"]
    by_channel = dashboard(user=lead, filters=DashboardFilters(period="4w", channel=Channel.PHONE))
    assert by_channel.total.total == 1
    custom = DashboardFilters(period="custom", start=timezone.localdate(), end=timezone.localdate())
    assert dashboard(user=lead, filters=custom).total.total == 3


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        (DashboardFilters(period="7w"), "period"),
        (DashboardFilters(period="custom", end=dt.date(2026, 1, 1)), "from"),
        (DashboardFilters(period="custom", start=dt.date(2026, 1, 1)), "to"),
        (DashboardFilters(period="custom", start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 1)), "from"),
        (
            DashboardFilters(
                period="custom", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1) + dt.timedelta(days=MAX_DAYS)
            ),
            "to",
        ),
        (DashboardFilters(channel="fax"), "channel"),
        (DashboardFilters(team_id=999_999), "team"),
    ],
)
def test_bad_filters_name_the_parameter(lead, filters, field):
    with pytest.raises(ValidationError) as caught:
        dashboard(user=lead, filters=filters)
    assert field in caught.value.message_dict


def test_leads_see_every_person_and_others_only_themselves(graded, lead, rep, outsider):
    everyone = dashboard(user=lead, filters=DashboardFilters(period="4w"))
    names = [row.rep.display_name for row in everyone.reps.items]
    assert names == sorted(names, key=str.lower)
    by_name = {row.rep.pk: row.grades for row in everyone.reps.items}
    assert by_name[rep.pk].total == 4
    assert by_name[outsider.pk].total == 2
    mine = dashboard(user=rep, filters=DashboardFilters(period="4w"))
    assert [row.rep for row in mine.reps.items] == [rep]


def test_people_are_paged_alphabetically(graded, lead, team):
    for name in ("Zed", "Yara", "Xavier"):
        UserFactory.create(first_name=name, last_name="Last", team=team)
    first = dashboard(user=lead, filters=DashboardFilters(period="4w"), reps_size=2)
    assert len(first.reps.items) == 2
    assert first.reps.next_cursor
    rest = dashboard(user=lead, filters=DashboardFilters(period="4w"), reps_cursor=first.reps.next_cursor, reps_size=50)
    assert rest.reps.items[-1].rep.first_name == "Zed"


def test_open_recoveries_and_the_average_time_to_recover(graded, lead, rep):
    board = dashboard(user=lead, filters=DashboardFilters(period="4w"))
    assert board.open_recoveries == 3
    assert [r.letter for r in board.oldest_open] == ["F", "D", "C"]
    oldest = Recovery.objects.order_by("opened_at")[0]
    recovery_close(
        actor=rep, recovery=oldest, what_was_done="Called back.", now=oldest.opened_at + dt.timedelta(hours=2)
    )
    board = dashboard(user=lead, filters=DashboardFilters(period="4w"))
    assert board.open_recoveries == 2
    assert board.recoveries_closed == 1
    assert board.recovery_seconds_avg == pytest.approx(2 * 3600)


def _grade_some(surveyed_factory, other_team, outsider, n: int) -> None:
    for i in range(n):
        team_kwargs = {"team": other_team, "assignee": outsider} if i % 2 else {}
        channel = [Channel.EMAIL, Channel.PHONE, Channel.CHAT][i % 3]
        surveyed_factory(channel=channel, **team_kwargs).grade("ABCDF"[i % 5], now=_ago(i % 9))


@pytest.mark.parametrize("who", ["lead", "rep"])
def test_the_number_of_queries_does_not_grow_with_the_grades(
    who, request, surveyed_factory, other_team, outsider, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    _grade_some(surveyed_factory, other_team, outsider, 5)
    with django_assert_num_queries(9):
        dashboard(user=user, filters=DashboardFilters(period="13w"))
    _grade_some(surveyed_factory, other_team, outsider, 15)
    with django_assert_num_queries(9):
        board = dashboard(user=user, filters=DashboardFilters(period="13w"))
    assert board.total.total == 20
