"""The demo's happiness data: months of grades with a realistic shape, journey 8's bad day, journey 9's polls."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from wowdesk.accounts.models import User
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.demo.context import DEMO_USERNAME
from wowdesk.gestures.models import Gesture
from wowdesk.happiness.models import Grade, GradeChange, Poll, Recovery, RecoveryNotice, Survey, SurveyStatus
from wowdesk.happiness.selectors import DashboardFilters, dashboard, poll_results
from wowdesk.happiness.services.rollups import rollups_expected, rollups_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--conversations", "600", "--customers", "90", stdout=io.StringIO(), stderr=io.StringIO())


def test_months_of_grades_mostly_a_and_b_with_a_tail(seeded):
    demo = User.objects.get(username=DEMO_USERNAME)
    board = dashboard(user=demo, filters=DashboardFilters(period="26w"))
    assert sum(1 for week in board.weeks if week.grades.total) >= 20
    assert board.total.good_share > 0.7
    assert 0.05 < board.total.bad_share < 0.3
    assert all(board.total.counts[letter] for letter in "ABCDF")
    spreads = {row.name: row.grades.spread for row in board.team_rows}
    assert max(spreads, key=lambda name: spreads[name] or 0) == "Harbor"  # the least consistent team
    assert rollups_stored() == rollups_expected()
    assert GradeChange.objects.filter(previous__gt="").exists()  # some customers changed their mind


def test_the_bad_day_is_a_d_recovered_with_the_gesture(seeded):
    grade = Grade.objects.get(letter="D", comment__startswith="The first answer I got")
    gesture = Gesture.objects.get(conversation=grade.conversation)
    recovery = Recovery.objects.get(grade=grade)
    assert recovery.closed_at is not None
    assert recovery.gesture == gesture
    assert "coupon" in recovery.what_was_done
    assert recovery.closed_by == grade.rep
    events = list(
        TimelineEntry.objects.filter(conversation=grade.conversation, kind="event")
        .order_by("created_at", "id")
        .values_list("event_type", flat=True)
    )
    assert [e for e in events if e in {EventType.GRADED, EventType.RECOVERY_OPENED, EventType.RECOVERY_CLOSED}] == [
        EventType.GRADED,
        EventType.RECOVERY_OPENED,
        EventType.RECOVERY_CLOSED,
    ]


def test_the_demo_logins_team_has_an_open_recovery_that_tells_them(seeded):
    demo = User.objects.get(username=DEMO_USERNAME)
    open_here = Recovery.objects.filter(closed_at__isnull=True, team=demo.team)
    assert open_here.exists()
    assert RecoveryNotice.objects.filter(user=demo, recovery__in=open_here).exists()
    first = open_here.first()
    assert first is not None
    assert first.conversation.tags.filter(name="recovery").exists()


def test_a_real_survey_email_waits_with_a_working_link(seeded):
    survey = Survey.objects.get(email__isnull=False)
    assert survey.status == SurveyStatus.SENT
    assert survey.email is not None
    body = survey.email.body_text
    found = re.search(r"/happiness/survey/([A-Za-z0-9_-]{43})/", body)
    assert found is not None
    token = found.group(1)
    assert Client().get(f"/happiness/survey/{token}/").status_code == 200


def test_one_poll_shows_its_distribution_and_one_keeps_it_hidden(seeded):
    shown = Poll.objects.get(question="How would you grade our service this month?")
    hidden = Poll.objects.get(question="How would you grade the new returns process?")
    assert shown.answers >= 5
    assert poll_results(poll=shown).good_share > 0.5
    assert hidden.answers < 5
    demo = User.objects.get(username=DEMO_USERNAME)
    assert not hidden.voters.filter(user=demo).exists()  # left for whoever walks the demo
