"""The rollups always equal a full recomputation from the grades, whatever happened in between."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ProblemReportFactory, UserFactory
from wowdesk.conversations.models import Channel
from wowdesk.conversations.services import conversation_assign
from wowdesk.happiness.models import LETTERS, Grade, Recovery, RepDay, TeamDay
from wowdesk.happiness.services import recovery_close
from wowdesk.happiness.services.rollups import rollups_expected, rollups_rebuild, rollups_stored

pytestmark = pytest.mark.django_db

# (conversation, what, letter, days ago)
Op = tuple[int, str, str, int]
OPS = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(["grade", "grade", "grade", "reassign", "close"]),
        st.sampled_from(LETTERS),
        st.integers(0, 3),
    ),
    max_size=25,
)


@pytest.fixture
def cast(surveyed_factory, team, other_team, rep, outsider):
    """Four surveyed conversations on different teams, reps, channels and problem types."""
    unowned = surveyed_factory(assignee=None, team=None, channel=Channel.CHAT)
    phoned = surveyed_factory(channel=Channel.PHONE)
    ProblemReportFactory.create(conversation=phoned.conversation, order__customer=phoned.conversation.customer)
    return {
        "conversations": [surveyed_factory(), phoned, surveyed_factory(team=other_team, assignee=outsider), unowned],
        "people": [(rep, team), (outsider, other_team), (UserFactory.create(team=team), team)],
    }


def _apply(cast, ops: list[Op], actor) -> None:
    now = timezone.now()
    for index, what, letter, days_ago in ops:
        surveyed = cast["conversations"][index]
        at = now - dt.timedelta(days=days_ago)
        if what == "grade":
            surveyed.grade(letter, f"grade {letter}", now=at)
        elif what == "reassign":
            person, team = cast["people"][days_ago % len(cast["people"])]
            conversation_assign(actor=actor, conversation=surveyed.conversation, assignee=person, team=team)
        else:
            for recovery in Recovery.objects.filter(conversation=surveyed.conversation, closed_at__isnull=True):
                recovery_close(actor=actor, recovery=recovery, what_was_done="Called back.", now=now)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_rollups_equal_a_full_recomputation_after_any_sequence(cast, rep, ops):
    with transaction.atomic():
        _apply(cast, ops, rep)
        expected = rollups_expected()
        assert rollups_stored() == expected
        # A rebuild from scratch lands on the same counts.
        rollups_rebuild()
        assert rollups_stored() == expected
        transaction.set_rollback(True)


def test_the_expected_counts_are_what_was_graded(cast, rep):
    """The oracle itself, checked by hand: otherwise equality with it would prove little."""
    first, second = cast["conversations"][0], cast["conversations"][2]
    first.grade("D")
    first.grade("A")
    second.grade("F")
    teams, reps = rollups_expected()
    today = timezone.localdate()
    assert sum(counts[0] for counts in teams.values()) == 1  # one A
    assert sum(counts[4] for counts in teams.values()) == 1  # one F
    assert sum(counts[3] for counts in teams.values()) == 0  # the D became an A
    assert reps[(today, first.conversation.team_id, rep.pk, first.conversation.channel)] == (1, 0, 0, 0, 0)
    assert Grade.objects.count() == 2


def test_the_rebuild_command_repairs_lost_or_wrong_rollups(cast, rep, capsys):
    for surveyed, letter in zip(cast["conversations"], "ACDF", strict=True):
        surveyed.grade(letter)
    recovery_close(actor=rep, recovery=Recovery.objects.order_by("id")[0], what_was_done="Sorted it.")
    expected = rollups_expected()
    TeamDay.objects.all().delete()
    RepDay.objects.update(a=7)

    call_command("happiness_rebuild_rollups")

    assert rollups_stored() == expected
    assert "Rebuilt" in capsys.readouterr().out
