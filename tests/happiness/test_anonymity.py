"""Secret polls are anonymous by construction: nothing in the schema can link a ballot to a voter.

These tests read the models and the live database schema, so a later
migration that adds a voter, a timestamp or an ordered key to either table
fails here.
"""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.db import connection, models

from tests.factories import UserFactory
from wowdesk.happiness.models import Poll, PollBallot, PollVoter
from wowdesk.happiness.services import poll_answer, poll_create

pytestmark = pytest.mark.django_db

TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


def _columns(model: type[models.Model]) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}


def _relations(model: type[models.Model]) -> dict[str, type[models.Model]]:
    return {
        f.name: f.related_model  # type: ignore[misc]
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete
    }


def test_a_ballot_stores_no_voter_no_time_and_no_order():
    assert {f.name for f in PollBallot._meta.concrete_fields} == {"id", "poll", "letter", "comment"}
    assert _columns(PollBallot) == {"id", "poll_id", "letter", "comment"}
    assert _relations(PollBallot) == {"poll": Poll}
    assert not any(isinstance(f, TIME_FIELDS) for f in PollBallot._meta.get_fields())
    pk = PollBallot._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4
    assert PollBallot._meta.ordering == ["id"]


def test_a_voter_row_says_only_that_someone_answered():
    assert {f.name for f in PollVoter._meta.concrete_fields} == {"id", "poll", "user"}
    assert _columns(PollVoter) == {"id", "poll_id", "user_id"}
    assert _relations(PollVoter) == {"poll": Poll, "user": PollVoter._meta.get_field("user").related_model}
    assert PollVoter._meta.get_field("user").related_model._meta.label == settings.AUTH_USER_MODEL
    assert not any(isinstance(f, TIME_FIELDS) for f in PollVoter._meta.get_fields())
    pk = PollVoter._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4


def test_the_only_column_the_two_tables_share_is_the_poll():
    assert _columns(PollBallot) & _columns(PollVoter) == {"id", "poll_id"}
    # ``id`` is shared in name only: two independent random UUIDs, never equal.
    assert not any(
        isinstance(f, models.ForeignKey) and f.related_model in (PollBallot, PollVoter)
        for model in (PollBallot, PollVoter)
        for f in model._meta.concrete_fields
    )
    # No third table refers to either of them.
    for model in (PollBallot, PollVoter):
        assert [r for r in model._meta.related_objects] == []


def test_answering_leaves_nothing_that_lines_up(lead):
    poll = poll_create(actor=lead, question="How did we do this month?")
    voters = [UserFactory.create() for _ in range(6)]
    for voter, letter in zip(voters, "ABCDFA", strict=True):
        poll_answer(actor=voter, poll=poll, letter=letter)
    ballot_ids = set(PollBallot.objects.values_list("id", flat=True))
    voter_ids = set(PollVoter.objects.values_list("id", flat=True))
    assert len(ballot_ids) == len(voter_ids) == 6
    assert not ballot_ids & voter_ids
    # Every answer is there, and none of them carries anything of its voter.
    letters = list(PollBallot.objects.filter(poll=poll).values_list("letter", flat=True))
    assert sorted(letters) == sorted("ABCDFA")
