"""Card-time suggestions: the rep's own recent conversations, most personal first, with rapport notes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cards.factories import CardFactory
from tests.factories import (
    CallFactory,
    ConversationFactory,
    CustomerFactory,
    LifeMomentFactory,
    OrderFactory,
    RapportNoteFactory,
)
from wowdesk.cards.suggestions import SIGNALS, card_suggestions
from wowdesk.conversations.models import Status
from wowdesk.customers.models import LifeMoment

pytestmark = pytest.mark.django_db


def own(rep, **kwargs):
    return ConversationFactory.create(assignee=rep, team=rep.team, last_activity_at=timezone.now(), **kwargs)


def test_a_life_moment_outranks_a_long_call_which_outranks_a_plain_conversation(rep):
    plain = own(rep, subject="Plain question")
    call = own(rep, subject="Long call")
    CallFactory.create(conversation=call, agent=rep, ended_at=timezone.now(), duration_seconds=2 * 3600)
    moment = own(rep, subject="Moving house")
    LifeMomentFactory.create(customer=moment.customer, kind=LifeMoment.Kind.MOVING, note="To Albuquerque")

    found = card_suggestions(user=rep)

    assert [s.conversation.pk for s in found] == [moment.pk, call.pk, plain.pk]
    assert found[0].reasons[0].label == "Life moment"
    assert found[0].reasons[0].detail == "Moving: To Albuquerque"
    assert [r.key for r in found[1].reasons] == ["long_call"]
    assert found[2].reasons == []


def test_a_short_call_is_not_a_signal(rep):
    call = own(rep)
    CallFactory.create(conversation=call, agent=rep, ended_at=timezone.now(), duration_seconds=29 * 60)
    assert card_suggestions(user=rep)[0].reasons == []


def test_problem_solved_and_first_order_count(rep):
    solved = own(rep, status=Status.RESOLVED, resolved_at=timezone.now())
    newcomer = own(rep)
    OrderFactory.create(customer=newcomer.customer, placed_at=timezone.now() - dt.timedelta(days=3))
    regular = own(rep)
    OrderFactory.create(customer=regular.customer, placed_at=timezone.now() - dt.timedelta(days=300))
    OrderFactory.create(customer=regular.customer, placed_at=timezone.now() - dt.timedelta(days=2))

    found = {s.conversation.pk: [r.key for r in s.reasons] for s in card_suggestions(user=rep)}

    assert found[solved.pk] == ["problem_solved"]
    assert found[newcomer.pk] == ["first_order"]
    assert found[regular.pk] == []


def test_only_the_reps_own_recent_conversations_are_suggested(rep, teammate):
    mine = own(rep)
    own(teammate)
    ConversationFactory.create(assignee=rep, team=rep.team, last_activity_at=timezone.now() - dt.timedelta(days=9))

    assert [s.conversation.pk for s in card_suggestions(user=rep)] == [mine.pk]


def test_one_suggestion_per_customer_and_none_for_customers_carded_lately(rep):
    customer = CustomerFactory.create()
    own(rep, customer=customer)
    latest = own(rep, customer=customer)
    carded = own(rep)
    CardFactory.create(customer=carded.customer, author=rep)

    found = card_suggestions(user=rep)

    assert [(s.customer.pk, s.conversation.pk) for s in found] == [(customer.pk, latest.pk)]


def test_each_suggestion_shows_the_newest_rapport_notes(rep):
    conversation = own(rep)
    for i in range(5):
        RapportNoteFactory.create(
            customer=conversation.customer, body=f"note {i}", created_at=timezone.now() - dt.timedelta(hours=5 - i)
        )

    (suggestion,) = card_suggestions(user=rep)

    assert [n.body for n in suggestion.notes] == ["note 4", "note 3", "note 2"]


def test_suggestions_run_a_fixed_number_of_queries(rep):
    def add(n: int) -> None:
        for _ in range(n):
            conversation = own(rep)
            RapportNoteFactory.create_batch(2, customer=conversation.customer)
            LifeMomentFactory.create(customer=conversation.customer)
            CallFactory.create(conversation=conversation, agent=rep, ended_at=timezone.now(), duration_seconds=4000)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert len(card_suggestions(user=rep)) == 2
    add(5)
    with CaptureQueriesContext(connection) as more:
        assert len(card_suggestions(user=rep)) == 7
    # candidates, their emails, one per signal that queries (moments, calls, orders, grades), the rapport notes
    assert len(few.captured_queries) == len(more.captured_queries) == 2 + 4 + 1


def test_a_conversation_the_customer_graded_a_is_suggested_first(rep):
    from tests.happiness.conftest import make_survey

    ungraded = own(rep, subject="Not graded")
    lukewarm = own(rep, subject="Graded B")
    loved = own(rep, subject="Graded A")
    for conversation, letter in ((lukewarm, "B"), (loved, "A")):
        surveyed = make_survey(conversation)
        surveyed.grade(letter, "Thank you!")

    found = card_suggestions(user=rep)

    assert found[0].conversation.pk == loved.pk
    assert [r.key for r in found[0].reasons] == ["graded_a"]
    assert {s.conversation.pk for s in found[1:]} == {lukewarm.pk, ungraded.pk}
    assert all(not s.reasons for s in found[1:])
    assert [s.key for s in SIGNALS][-1] == "graded_a"
