"""The candidate finder: idempotent, grouped by subject, dismissals remembered, grades plugged in by a hook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import LifeMomentFactory
from tests.happiness.conftest import make_survey
from wowdesk.legends import grades
from wowdesk.legends.models import Candidate, CandidateReason, CandidateState
from wowdesk.legends.rules import LifeMomentGradedA, LongCall, LongCallGradedA, default_rules
from wowdesk.legends.services import candidate_dismiss, candidate_restore, candidates_find
from wowdesk.legends.tasks import find_legend_candidates
from wowdesk.scheduling.registry import get

pytestmark = pytest.mark.django_db


def _a_for(*conversation_ids):
    def source(*, conversation_ids):
        return {pk: "A" for pk in conversation_ids if pk in wanted}

    wanted = set(conversation_ids)
    return source


def test_one_candidate_per_conversation_with_every_reason(long_call, rep):
    LifeMomentFactory.create(
        customer=long_call.conversation.customer, conversation=long_call.conversation, recorded_by=rep
    )
    since = timezone.now() - dt.timedelta(days=2)
    a = _a_for(long_call.conversation_id)
    rules = [LongCall(), LongCallGradedA(a), LifeMomentGradedA(a)]

    found = candidates_find(since=since, rules=rules)

    candidate = Candidate.objects.get()
    assert found == 3
    assert candidate.subject == f"conversation:{long_call.conversation_id}"
    assert sorted(candidate.reasons.values_list("rule", flat=True)) == ["life_moment_a", "long_call", "long_call_a"]


def test_the_finder_is_idempotent(long_call):
    since = timezone.now() - dt.timedelta(days=2)
    candidates_find(since=since, rules=[LongCall()])
    candidates_find(since=since - dt.timedelta(days=1), rules=[LongCall()])
    assert Candidate.objects.count() == 1
    assert CandidateReason.objects.count() == 1


def test_a_dismissed_candidate_stays_dismissed_though_new_evidence_is_kept(long_call, rep):
    since = timezone.now() - dt.timedelta(days=2)
    candidates_find(since=since, rules=[LongCall()])
    candidate = candidate_dismiss(actor=rep, candidate=Candidate.objects.get())
    candidates_find(since=since, rules=[LongCallGradedA(_a_for(long_call.conversation_id))])

    candidate.refresh_from_db()
    assert candidate.state == CandidateState.DISMISSED
    assert candidate.dismissed_by == rep
    assert candidate.reasons.count() == 2
    assert candidate_restore(actor=rep, candidate=candidate).state == CandidateState.OPEN


def test_the_hourly_job_is_registered_and_finds_the_last_week():
    schedule = get("legends.find_candidates")
    assert schedule is not None
    assert schedule.every == dt.timedelta(hours=1)


def test_the_task_runs_the_finder(long_call):
    assert find_legend_candidates.call() == 1
    assert Candidate.objects.count() == 1


def test_the_grade_rules_read_the_customers_real_grades(long_call):
    # The customer grades the long call's conversation A through their survey link.
    make_survey(long_call.conversation).grade("A")
    since = timezone.now() - dt.timedelta(days=2)

    candidates_find(since=since, rules=[LongCallGradedA(grades.grade_source())])

    candidate = Candidate.objects.get()
    assert list(candidate.reasons.values_list("rule", flat=True)) == ["long_call_a"]
    assert grades.unknown_grades(conversation_ids=[1, 2]) == {}
    assert {rule.slug for rule in default_rules()} >= {"long_call_a", "life_moment_a"}
