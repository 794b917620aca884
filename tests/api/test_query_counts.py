"""List endpoints run a fixed number of queries however many rows they return."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    CallFactory,
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    LifeMomentFactory,
    OrderFactory,
    OrderItemFactory,
    ProblemReportFactory,
    RapportNoteFactory,
    TimelineEntryFactory,
    UserFactory,
)
from wowdesk.conversations.models import Tag

pytestmark = pytest.mark.django_db

N = 4
# One query authenticates the token (its last use was just recorded, so no write).
AUTH = 1


@pytest.fixture
def pinned(rep_api, django_assert_num_queries):
    """``pinned(path, add_rows, expected)``: the same query count for N and 3N rows.

    ``expected=None`` checks only that the count does not grow, for lists
    whose selector another part of the code base is still reshaping.
    """

    def check(path: str, add_rows: Callable[[int], None], expected: int | None, params: dict | None = None) -> None:
        query = {"limit": 100, **(params or {})}
        add_rows(N)
        assert rep_api.get(path, query).status_code == 200  # records the token's last use
        with CaptureQueriesContext(connection) as ctx:
            first = rep_api.get(path, query)
        expected = len(ctx.captured_queries) if expected is None else expected
        assert len(ctx.captured_queries) == expected
        add_rows(2 * N)
        with django_assert_num_queries(expected):
            second = rep_api.get(path, query)
        assert len(second.json()["items"]) == len(first.json()["items"]) + 2 * N

    return check


def test_conversation_list_queries_are_constant(pinned, team):
    def add(n: int) -> None:
        for _ in range(n):
            conversation = ConversationFactory.create(team=team, assignee=UserFactory.create(team=team))
            conversation.tags.add(Tag.objects.create(name=f"tag-{conversation.pk}"))

    pinned("/conversations", add, AUTH + 2)  # conversations (with customer, assignee, team) + tags


def test_conversation_search_queries_are_constant(pinned, team):
    def add(n: int) -> None:
        for _ in range(n):
            conversation = ConversationFactory.create(team=team, subject="Zipper", assignee=UserFactory.create())
            TimelineEntryFactory.create(conversation=conversation, body="zipper broke")

    # Search is being rebuilt on full-text indexes; pin only that the count is flat.
    pinned("/search/conversations", add, None, {"q": "zipper"})


def test_customer_list_queries_are_constant(pinned):
    def add(n: int) -> None:
        for _ in range(n):
            CustomerEmailFactory.create(customer=CustomerFactory.create())

    pinned("/customers", add, AUTH + 2)  # customers + their emails


def test_timeline_queries_are_constant(pinned, team):
    conversation = ConversationFactory.create(team=team)

    def add(n: int) -> None:
        for _ in range(n):
            TimelineEntryFactory.create(conversation=conversation, author=UserFactory.create())

    # conversation, conversations merged into it, entries with authors
    pinned(f"/conversations/{conversation.pk}/timeline", add, AUTH + 3)


def test_order_list_queries_are_constant(pinned):
    customer = CustomerFactory.create()

    def add(n: int) -> None:
        for _ in range(n):
            order = OrderFactory.create(customer=customer)
            OrderItemFactory.create_batch(2, order=order)
            ProblemReportFactory.create(order=order, reported_by=UserFactory.create())

    pinned(f"/customers/{customer.pk}/orders", add, AUTH + 4)  # customer, orders, items, problems


def test_call_list_queries_are_constant(pinned, team):
    conversation = ConversationFactory.create(team=team, channel="phone")

    def add(n: int) -> None:
        for _ in range(n):
            CallFactory.create(
                conversation=conversation, agent=UserFactory.create(), ended_at=timezone.now(), duration_seconds=300
            )

    pinned(f"/conversations/{conversation.pk}/calls", add, AUTH + 2)


def test_rapport_list_queries_are_constant(pinned):
    customer = CustomerFactory.create()

    def add(n: int) -> None:
        RapportNoteFactory.create_batch(n, customer=customer)

    pinned(f"/customers/{customer.pk}/rapport-notes", add, AUTH + 2)


def test_life_moment_list_queries_are_constant(pinned):
    customer = CustomerFactory.create()

    def add(n: int) -> None:
        LifeMomentFactory.create_batch(n, customer=customer)

    pinned(f"/customers/{customer.pk}/life-moments", add, AUTH + 2)


def test_customer_conversation_list_queries_are_constant(pinned, team):
    customer = CustomerFactory.create()

    def add(n: int) -> None:
        for _ in range(n):
            ConversationFactory.create(customer=customer, team=team, assignee=UserFactory.create())

    pinned(f"/customers/{customer.pk}/conversations", add, AUTH + 2)


def test_problem_report_list_queries_are_constant(pinned, team):
    conversation = ConversationFactory.create(team=team)

    def add(n: int) -> None:
        for _ in range(n):
            order = OrderFactory.create(customer=conversation.customer)
            ProblemReportFactory.create(order=order, conversation=conversation, reported_by=UserFactory.create())

    pinned(f"/conversations/{conversation.pk}/problem-reports", add, AUTH + 2)


def test_staff_list_queries_are_constant(pinned, team):
    def add(n: int) -> None:
        UserFactory.create_batch(n, team=team)

    pinned("/staff", add, AUTH + 1)
