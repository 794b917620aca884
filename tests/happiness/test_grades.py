"""Recording a grade: attribution, history, changes of mind, bad input, and what a C, D or F sets off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CallFactory, ProblemReportFactory, TimelineEntryFactory, UserFactory
from wowdesk.accounts.models import User
from wowdesk.conversations.models import EntryKind, EventType, TimelineEntry
from wowdesk.conversations.services import conversation_assign
from wowdesk.happiness.errors import SurveyExpired, SurveyStale
from wowdesk.happiness.models import Grade, GradeChange, NoticeRole, Recovery, RecoveryNotice
from wowdesk.happiness.services import RECOVERY_TAG, grade_record, recovery_close
from wowdesk.happiness.services.rollups import rollups_expected, rollups_stored
from wowdesk.orders.models import ProblemReport

pytestmark = pytest.mark.django_db


def _events(conversation, event_type):
    return list(TimelineEntry.objects.filter(conversation=conversation, event_type=event_type).order_by("id"))


def test_first_grade_is_attributed_to_who_handled_the_conversation_then(surveyed, rep, teammate, team):
    conversation = surveyed.conversation
    TimelineEntryFactory.create(conversation=conversation, kind=EntryKind.OUTBOUND, author=teammate, body="Also me")
    caller = UserFactory.create(team=team)
    CallFactory.create(conversation=conversation, agent=caller)
    ProblemReportFactory.create(conversation=conversation, order__customer=conversation.customer, reported_by=rep)

    grade = surveyed.grade("b", "  Quick and kind.  ")

    assert (grade.letter, grade.comment, grade.revision) == ("B", "Quick and kind.", 1)
    assert grade.team == team
    assert grade.rep == rep
    assert grade.channel == conversation.channel
    assert grade.problem == ProblemReport.Kind.NEVER_ARRIVED
    assert grade.day == timezone.localdate()
    assert set(grade.handled_by.all()) == {rep, teammate, caller}
    [event] = _events(conversation, EventType.GRADED)
    assert event.body == "The customer graded this conversation B: “Quick and kind.”"
    assert event.data == {"grade": "B", "previous": ""}


def test_without_an_owner_the_latest_replier_is_the_rep(surveyed_factory, teammate):
    surveyed = surveyed_factory(assignee=None)
    TimelineEntryFactory.create(conversation=surveyed.conversation, kind=EntryKind.OUTBOUND, author=teammate)
    assert surveyed.grade("A").rep == teammate


def test_grading_again_changes_the_grade_keeps_history_and_attribution(surveyed, outsider, other_team):
    first = surveyed.grade("D", "Nobody answered for two days.", now=timezone.now() - dt.timedelta(days=3))
    conversation_assign(actor=outsider, conversation=surveyed.conversation, assignee=outsider, team=other_team)

    second = surveyed.grade("B", "Then they called and fixed it.")

    assert second.pk == first.pk
    assert (second.letter, second.revision) == ("B", 2)
    assert (second.day, second.team_id, second.rep_id) == (first.day, first.team_id, first.rep_id)
    history = list(GradeChange.objects.filter(grade=second).values_list("previous", "letter"))
    assert history == [("", "D"), ("D", "B")]
    assert _events(surveyed.conversation, EventType.GRADED)[-1].body.startswith(
        "The customer changed their grade from D to B"
    )
    assert rollups_stored() == rollups_expected()


def test_a_replayed_form_is_refused_and_changes_nothing(surveyed):
    surveyed.grade("A")
    with pytest.raises(SurveyStale) as caught:
        grade_record(token=surveyed.token, letter="F", revision=0)  # the form from before the first grade
    assert "revision" in caught.value.message_dict
    grade = Grade.objects.get()
    assert (grade.letter, grade.revision) == ("A", 1)
    assert GradeChange.objects.count() == 1


@pytest.mark.parametrize(
    ("letter", "comment", "field"),
    [
        ("E", "", "grade"),
        ("", "", "grade"),
        ("AB", "", "grade"),
        ("A+", "", "grade"),
        ("A", "x" * 100_000, "comment"),
        ("A", "x" * 2001, "comment"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(surveyed, letter, comment, field):
    with pytest.raises(ValidationError) as caught:
        grade_record(token=surveyed.token, letter=letter, comment=comment, revision=0)
    assert field in caught.value.message_dict
    assert not Grade.objects.exists()
    assert not GradeChange.objects.exists()
    assert not _events(surveyed.conversation, EventType.GRADED)


def test_an_expired_link_grades_nothing(surveyed):
    with pytest.raises(SurveyExpired):
        grade_record(token=surveyed.token, letter="A", revision=0, now=surveyed.survey.expires_at)
    assert not Grade.objects.exists()


def test_html_in_a_comment_is_kept_as_text(surveyed):
    grade = surveyed.grade("C", "<script>alert('hi')</script> <b>meh</b>")
    assert grade.comment == "<script>alert('hi')</script> <b>meh</b>"


@pytest.mark.parametrize("letter", ["C", "D", "F"])
def test_c_d_or_f_opens_a_recovery_and_tells_the_rep_and_the_lead(surveyed, rep, lead, letter):
    grade = surveyed.grade(letter, "Not great.")

    recovery = Recovery.objects.get()
    assert (recovery.grade, recovery.letter, recovery.team, recovery.rep) == (grade, letter, grade.team, rep)
    assert recovery.is_open
    notices = dict(RecoveryNotice.objects.filter(recovery=recovery).values_list("user_id", "role"))
    assert notices == {rep.pk: NoticeRole.REP, lead.pk: NoticeRole.LEAD}
    assert RECOVERY_TAG in set(surveyed.conversation.tags.values_list("name", flat=True))
    [opened] = _events(surveyed.conversation, EventType.RECOVERY_OPENED)
    assert f"grade of {letter}" in opened.body


@pytest.mark.parametrize("letter", ["A", "B"])
def test_a_or_b_opens_no_recovery(surveyed, letter):
    surveyed.grade(letter)
    assert not Recovery.objects.exists()
    assert not surveyed.conversation.tags.exists()


def test_a_team_without_a_lead_tells_every_lead(surveyed_factory, other_team, outsider):
    other_lead = UserFactory.create(role=User.Role.LEAD, team=None)
    surveyed = surveyed_factory(team=other_team, assignee=outsider)
    surveyed.grade("F")
    notified = set(RecoveryNotice.objects.values_list("user_id", flat=True))
    assert notified == {outsider.pk, other_lead.pk}


def test_one_open_recovery_per_conversation_and_a_new_one_after_it_was_closed(surveyed, rep):
    surveyed.grade("D")
    surveyed.grade("F")
    assert Recovery.objects.count() == 1
    recovery_close(actor=rep, recovery=Recovery.objects.get(), what_was_done="Called back and refunded shipping.")
    surveyed.grade("B")
    surveyed.grade("C", "It broke again.")
    assert Recovery.objects.count() == 2
    assert Recovery.objects.filter(closed_at__isnull=True).get().letter == "C"
