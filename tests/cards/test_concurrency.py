"""Vote uniqueness under concurrency, on PostgreSQL: threads vote at the same moment.

Transactional, so each thread's connection sees the committed rows and the
unique constraints, not one test transaction. SQLite serialises writers
with a database lock, so the race only exists (and is tested) on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.cards.factories import CardFactory
from tests.factories import ConversationFactory, UserFactory
from wowdesk.cards.models import CardVote
from wowdesk.cards.services import card_vote
from wowdesk.recognition.models import NominationVote
from wowdesk.recognition.services import nomination_create, nomination_vote

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrent writers"),
]
THREADS = 6


def race(actions: list[Callable[[], object]]) -> tuple[int, list[str]]:
    """Run the actions at once in threads; (successes, error messages)."""
    barrier = threading.Barrier(len(actions))
    successes: list[int] = []
    failures: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            action()
            successes.append(1)
        except ValidationError as exc:
            failures.extend(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return len(successes), failures


def test_one_card_vote_wins_when_a_person_votes_from_many_tabs_at_once(team):
    voter = UserFactory.create(team=team)
    cards = [CardFactory.create(author=UserFactory.create(team=team)) for _ in range(THREADS)]

    wins, errors = race([partial(card_vote, voter=voter, card=card) for card in cards])

    assert wins == 1
    assert errors == ["You have already voted this week."] * (THREADS - 1)
    assert CardVote.objects.filter(voter=voter).count() == 1


def test_one_hero_vote_wins_under_concurrency(team):
    voter = UserFactory.create(team=team)
    nominations = []
    for _ in range(THREADS):
        nominee = UserFactory.create(team=team)
        nominations.append(
            nomination_create(
                nominator=UserFactory.create(team=team),
                kind="hero",
                nominee=nominee,
                story="Helped a customer.",
                conversation=ConversationFactory.create(team=team, assignee=nominee),
            )
        )

    wins, errors = race([partial(nomination_vote, voter=voter, nomination=n) for n in nominations])

    assert wins == 1
    assert len(errors) == THREADS - 1
    assert all("already voted" in e for e in errors)
    assert NominationVote.objects.filter(voter=voter).count() == 1
