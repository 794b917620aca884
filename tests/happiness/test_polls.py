"""Secret polls: leads ask, staff answer once, results only from five answers on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import DepartmentFactory, UserFactory
from wowdesk.core.errors import NotFound
from wowdesk.happiness.models import Poll, PollBallot, PollVoter
from wowdesk.happiness.selectors import ResultsHidden, poll_get_for_user, poll_results, polls_answered_by
from wowdesk.happiness.services import poll_answer, poll_close, poll_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(lead):
    return poll_create(actor=lead, question="How would you grade our service this month?")


def _answer(poll, letters: str, **user_fields):
    for letter in letters:
        poll_answer(actor=UserFactory.create(**user_fields), poll=poll, letter=letter, comment=f"I say {letter}")


def test_only_leads_and_admins_create_polls(rep, lead, admin_user):
    with pytest.raises(PermissionDenied):
        poll_create(actor=rep, question="Grade us")
    assert poll_create(actor=admin_user, question="Grade us").everyone


@pytest.mark.parametrize(
    ("question", "closes_in", "field"),
    [("", None, "question"), ("   ", None, "question"), ("x" * 301, None, "question"), ("Grade us", -1, "closes_at")],
)
def test_a_poll_needs_a_question_and_a_future_close(lead, question, closes_in, field):
    closes_at = timezone.now() + dt.timedelta(hours=closes_in) if closes_in is not None else None
    with pytest.raises(ValidationError) as caught:
        poll_create(actor=lead, question=question, closes_at=closes_at)
    assert field in caught.value.message_dict
    assert not Poll.objects.exists()


def test_everyone_answers_once(poll, rep):
    poll_answer(actor=rep, poll=poll, letter="b", comment="Mostly good.")
    with pytest.raises(ValidationError) as caught:
        poll_answer(actor=rep, poll=poll, letter="A")
    assert "poll" in caught.value.message_dict
    assert PollVoter.objects.count() == PollBallot.objects.count() == 1
    assert Poll.objects.get().answers == 1
    assert polls_answered_by(user=rep, polls=[poll]) == {poll.pk}


@pytest.mark.parametrize(("letter", "comment", "field"), [("G", "", "grade"), ("A", "x" * 100_000, "comment")])
def test_a_bad_answer_changes_nothing(poll, rep, letter, comment, field):
    with pytest.raises(ValidationError) as caught:
        poll_answer(actor=rep, poll=poll, letter=letter, comment=comment)
    assert field in caught.value.message_dict
    assert not PollVoter.objects.exists()
    assert not PollBallot.objects.exists()


def test_results_appear_only_once_five_answered(poll, lead):
    _answer(poll, "ABAC")
    with pytest.raises(ResultsHidden) as caught:
        poll_results(poll=poll_get_for_user(user=lead, pk=poll.pk))
    assert "4 so far" in str(caught.value)

    _answer(poll, "F")
    results = poll_results(poll=poll_get_for_user(user=lead, pk=poll.pk))
    assert results.counts == {"A": 2, "B": 1, "C": 1, "D": 0, "F": 1}
    assert results.total == 5
    assert results.good_share == pytest.approx(0.6)
    assert results.bad_share == pytest.approx(0.4)
    assert sorted(results.comments) == ["I say A", "I say A", "I say B", "I say C", "I say F"]


def test_a_department_poll_is_for_that_department_only(lead, rep):
    finance = DepartmentFactory.create(name="Finance", slug="finance")
    poll = poll_create(actor=lead, question="Grade the new expenses tool", departments=[finance])
    with pytest.raises(NotFound):
        poll_get_for_user(user=rep, pk=poll.pk)
    with pytest.raises(PermissionDenied):
        poll_answer(actor=rep, poll=poll, letter="A")
    analyst = UserFactory.create(team=None, department=finance)
    poll_answer(actor=analyst, poll=poll_get_for_user(user=analyst, pk=poll.pk), letter="C")
    assert Poll.objects.get().answers == 1


def test_a_closed_poll_takes_no_answers(poll, lead, rep):
    poll_close(actor=lead, poll=poll)
    with pytest.raises(ValidationError) as caught:
        poll_answer(actor=rep, poll=poll, letter="A")
    assert "poll" in caught.value.message_dict
    past = poll_create(actor=lead, question="Grade us", closes_at=timezone.now() + dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        poll_answer(actor=rep, poll=past, letter="A", now=timezone.now() + dt.timedelta(minutes=2))


def test_only_the_creator_or_a_lead_closes_a_poll(poll, rep):
    with pytest.raises(PermissionDenied):
        poll_close(actor=rep, poll=poll)
    assert Poll.objects.get().closed_at is None
