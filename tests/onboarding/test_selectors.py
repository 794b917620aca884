"""Reads for phone stints: progress from real data, week by week, and milestones that tick themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConversationFactory, UserFactory
from tests.onboarding.conftest import at, call, card, days_ago, grade, phone_conversation, read, reply, sign_off
from wowdesk.onboarding.models import Milestone
from wowdesk.onboarding.selectors import stint_detail, stint_get_for_user, summaries
from wowdesk.onboarding.services import stint_check_in, stint_graduate

pytestmark = pytest.mark.django_db


def _milestones(detail) -> dict[str, bool]:
    return {m.key: m.done for m in detail.summary.milestones}


def test_the_weeks_count_calls_time_replies_and_conversations(stint, hire, lead):
    start = stint.starts_on
    first = call(hire, at(start + dt.timedelta(days=1), 10), minutes=14)  # week 1
    call(hire, at(start + dt.timedelta(days=8), 10), minutes=9)  # week 2
    call(hire, at(start + dt.timedelta(days=8), 15), minutes=61, conversation=first.conversation)  # week 2, again
    reply(hire, first.conversation, at(start + dt.timedelta(days=2)))  # week 1, a called conversation
    owned = ConversationFactory.create(assignee=hire)
    reply(hire, owned, at(start + dt.timedelta(days=9)))  # week 2, an owned email conversation

    detail = stint_detail(viewer=lead, stint=stint_get_for_user(user=lead, pk=stint.pk))

    week1, week2, week3, week4 = detail.activity.weeks
    assert (week1.calls, week1.call_seconds, week1.replies, week1.conversations) == (1, 14 * 60, 1, 1)
    assert (week2.calls, week2.call_seconds, week2.replies, week2.conversations) == (2, 70 * 60, 1, 3)
    assert (week3.calls, week4.calls) == (0, 0)
    assert week2.current
    assert week2.time_on_phones == "1 h 10 min"
    total = detail.activity.total
    assert (total.calls, total.call_seconds, total.replies, total.conversations) == (3, 84 * 60, 2, 3)


def test_work_outside_the_stint_does_not_count(start, hire, coach, lead):
    stint = start(hire, days_ago=40)
    call(hire, at(stint.starts_on - dt.timedelta(days=1)))  # before day one
    call(hire, at(stint.starts_on + dt.timedelta(days=3)))  # week 1
    sign_off(stint, coach, now=at(days_ago(11)))
    stint_graduate(actor=lead, stint=stint, note="Done.", now=at(days_ago(10)))
    call(hire, at(days_ago(2)))  # after the graduation: their own job now

    detail = stint_detail(viewer=lead, stint=stint_get_for_user(user=lead, pk=stint.pk))
    assert [week.calls for week in detail.activity.weeks] == [1, 0, 0, 0]
    assert not any(week.current for week in detail.activity.weeks)


def test_other_peoples_work_does_not_count(stint, hire, rep, lead):
    conversation = phone_conversation(hire)
    call(rep, at(stint.starts_on + dt.timedelta(days=1)), conversation=conversation)
    reply(rep, conversation, at(stint.starts_on + dt.timedelta(days=1)))

    total = stint_detail(viewer=lead, stint=stint).activity.total
    assert (total.calls, total.replies, total.conversations) == (0, 0, 0)


def test_grades_are_a_distribution_by_week_never_an_average(stint, hire, lead):
    for letter, day in (("A", 1), ("A", 2), ("C", 3), ("B", 8)):
        grade(hire, letter, at(stint.starts_on + dt.timedelta(days=day)))

    detail = stint_detail(viewer=lead, stint=stint)
    week1, week2, *_ = detail.activity.weeks
    assert week1.grade_counts == [("A", 2), ("B", 0), ("C", 1), ("D", 0), ("F", 0)]
    assert week2.grade_counts == [("A", 0), ("B", 1), ("C", 0), ("D", 0), ("F", 0)]
    assert detail.activity.total.graded == 4
    assert not hasattr(detail.activity.total, "average")


def test_gestures_count_in_their_week(stint, hire, lead, gesture):
    gesture(hire, at(stint.starts_on + dt.timedelta(days=9)))
    detail = stint_detail(viewer=lead, stint=stint)
    assert [week.gestures for week in detail.activity.weeks] == [0, 1, 0, 0]


def test_automatic_milestones_tick_themselves_from_the_data(stint, hire, coach, lead, gesture, reading):
    legends = reading(2)
    assert not any(_milestones(stint_detail(viewer=lead, stint=stint)).values())

    call(hire, at(stint.starts_on + dt.timedelta(days=2)))
    gesture(hire, at(stint.starts_on + dt.timedelta(days=3)))
    card(hire, at(stint.starts_on + dt.timedelta(days=4)))
    read(hire, legends[0])
    done = _milestones(stint_detail(viewer=lead, stint=stint_get_for_user(user=lead, pk=stint.pk)))
    assert done == {
        "shadowed_call": False,
        "solo_call": True,
        "wow_gesture": True,
        "card_written": True,
        "reading_done": False,
        "coach_sign_off": False,
    }

    read(hire, legends[1])
    sign_off(stint, coach)
    detail = stint_detail(viewer=lead, stint=stint_get_for_user(user=lead, pk=stint.pk))
    assert _milestones(detail)["reading_done"]
    assert _milestones(detail)["coach_sign_off"]
    assert (detail.summary.reading.done, detail.summary.reading.total) == (2, 2)
    assert detail.summary.milestones_done == 5


def test_a_gesture_before_day_one_does_not_tick_the_milestone(start, hire, lead, gesture):
    stint = start(hire, days_ago=5)
    gesture(hire, at(stint.starts_on - dt.timedelta(days=1)))
    assert not _milestones(stint_detail(viewer=lead, stint=stint))[Milestone.WOW_GESTURE]


def test_check_ins_sit_in_their_week(stint, coach, lead):
    stint_check_in(actor=coach, stint=stint, note="Week one, late.", week=1)
    stint_check_in(actor=coach, stint=stint, note="Week two.")
    weeks = stint_detail(viewer=lead, stint=stint).activity.weeks
    assert [[c.note for c in week.check_ins] for week in weeks] == [["Week one, late."], ["Week two."], [], []]


def test_the_conversations_listed_are_only_those_the_viewer_may_open(stint, hire, coach, other_team, lead):
    hidden = phone_conversation(hire, team=other_team, subject="Another team's")
    shared = phone_conversation(hire, team=None, subject="Shared queue")
    for conversation in (hidden, shared):
        call(hire, at(stint.starts_on + dt.timedelta(days=1)), conversation=conversation)

    assert {c.subject for c in stint_detail(viewer=lead, stint=stint).conversations} == {
        "Another team's",
        "Shared queue",
    }
    assert {c.subject for c in stint_detail(viewer=coach, stint=stint).conversations} == {"Shared queue"}


def test_a_stint_past_its_plan_shows_the_extra_week(start, hire, lead):
    stint = start(hire, days_ago=30)
    weeks = stint_detail(viewer=lead, stint=stint).activity.weeks
    assert [(w.number, w.planned, w.current) for w in weeks] == [
        (1, True, False),
        (2, True, False),
        (3, True, False),
        (4, True, False),
        (5, False, True),
    ]


def test_the_stint_page_reads_a_fixed_number_of_queries(stint, hire, lead, reading):
    legends = reading(3)

    def measure() -> int:
        fresh = stint_get_for_user(user=lead, pk=stint.pk)
        with CaptureQueriesContext(connection) as ctx:
            stint_detail(viewer=lead, stint=fresh)
        return len(ctx.captured_queries)

    call(hire, at(stint.starts_on + dt.timedelta(days=1)))
    few = measure()
    for day in range(2, 9):
        moment = at(stint.starts_on + dt.timedelta(days=day))
        reply(hire, call(hire, moment).conversation, moment)
        grade(hire, "B", moment)
        card(hire, moment)
    for legend in legends:
        read(hire, legend)
    assert measure() == few


def test_summaries_read_a_fixed_number_of_queries_for_any_number_of_stints(start, lead, coach):
    def stints(n: int) -> list:
        made = []
        for i in range(n):
            hire = UserFactory.create(title="Buyer")
            stint = start(hire, days_ago=i + 1)
            call(hire, at(stint.starts_on, 12))
            made.append(stint_get_for_user(user=lead, pk=stint.pk))
        return made

    few = stints(2)
    with CaptureQueriesContext(connection) as small:
        summaries(few)
    many = few + stints(4)
    with CaptureQueriesContext(connection) as large:
        rows = summaries(many)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert all(row.milestones_done == 1 for row in rows)  # each one's own first call, nobody else's


def test_work_past_the_plan_gets_its_own_week_until_the_graduation(start, hire, coach, lead):
    stint = start(hire, days_ago=40)
    call(hire, at(stint.starts_on + dt.timedelta(days=29)))  # week 5: still on the phones, waiting to graduate
    sign_off(stint, coach, now=at(days_ago(5)))
    stint_graduate(actor=lead, stint=stint, note="Done.", now=at(days_ago(4)))

    weeks = stint_detail(viewer=lead, stint=stint_get_for_user(user=lead, pk=stint.pk)).activity.weeks
    assert [(w.number, w.planned, w.calls) for w in weeks] == [
        (1, True, 0),
        (2, True, 0),
        (3, True, 0),
        (4, True, 0),
        (5, False, 1),
    ]
