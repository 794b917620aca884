"""Fixtures for the agent pages: a customer of the Falcons with one conversation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import ConversationFactory, CustomerEmailFactory, CustomerFactory, TimelineEntryFactory
from wowdesk.conversations.models import Conversation
from wowdesk.customers.models import Customer


@pytest.fixture
def customer() -> Customer:
    customer = CustomerFactory.create(name="Maria Lopez", preferred_name="Mari")
    CustomerEmailFactory.create(customer=customer, email="maria@example.com")
    return customer


@pytest.fixture
def conversation(team, customer) -> Conversation:
    conversation = ConversationFactory.create(team=team, customer=customer, subject="Boots too small")
    TimelineEntryFactory.create(conversation=conversation, body="The boots pinch at the toes.")
    return conversation


@pytest.fixture
def htmx() -> dict[str, str]:
    """Headers htmx sends with its requests."""
    return {"HX-Request": "true"}


@pytest.fixture
def count_queries() -> Callable[[Client, str], int]:
    """``count_queries(client, url)``: how many queries one GET of ``url`` runs (it must answer 200)."""

    def count(client: Client, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    return count
