"""Races on PostgreSQL: people claiming one item at the same moment, schedulers generating the same day.

Transactional, so each thread's connection sees committed rows and the
constraints. SQLite serialises writers with one database lock, so the race
only exists (and is tested) on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.factories import UserFactory
from wowdesk.rounds.models import ItemStatus, Round, RoundItem
from wowdesk.rounds.services import Generated, round_generate, round_item_claim, round_item_complete

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrent writers"),
]
THREADS = 6


def race(actions: list[Callable[[], object]]) -> tuple[list[object], list[str]]:
    """Run the actions at once in threads; (results, error messages)."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = []
    failures: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(action())
        except ValidationError as exc:
            failures.extend(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, failures


def test_exactly_one_of_many_simultaneous_claims_wins(item, team):
    thing = item()
    people = [UserFactory.create(team=team) for _ in range(THREADS)]

    results, errors = race([partial(round_item_claim, actor=person, item=thing) for person in people])

    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(e.endswith("has already claimed this.") for e in errors)
    stored = RoundItem.objects.get()
    assert stored.status == ItemStatus.CLAIMED
    assert stored.claimed_by in people


def test_two_people_finishing_one_open_item_at_once_leave_one_note(item, team):
    thing = item()
    people = [UserFactory.create(team=team) for _ in range(THREADS)]

    results, errors = race(
        [partial(round_item_complete, actor=p, item=thing, note=f"Done by {p.username}.") for p in people]
    )

    assert len(results) == 1
    assert len(errors) == THREADS - 1
    stored = RoundItem.objects.select_related("finished_by").get()
    assert stored.finished_by is not None
    assert stored.note == f"Done by {stored.finished_by.username}."


def test_simultaneous_generation_makes_one_round_with_each_thing_once(sources):
    for days in (2, 3, 4):
        sources.waiting(days=days)

    results, errors = race([partial(round_generate, refresh=True) for _ in range(THREADS)])

    assert errors == []
    assert len(results) == THREADS
    assert [isinstance(r, Generated) and r.created for r in results].count(True) == 1
    assert Round.objects.count() == 1
    assert RoundItem.objects.count() == 3
