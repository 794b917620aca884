"""Fixtures for the gestures tests: the starter catalogue, a customer of the Falcons with an
address, a conversation with them, an order with something we sell and something we don't."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import ConversationFactory, CustomerFactory, OrderFactory, OrderItemFactory
from wowdesk.conversations.models import Conversation
from wowdesk.customers.models import Customer
from wowdesk.gestures.models import CatalogueItem
from wowdesk.gestures.services import Granted, gesture_grant
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.orders.models import Order


@pytest.fixture
def items() -> dict[str, CatalogueItem]:
    """The starter catalogue by name ("Refund", "Flowers with a card", "Coupon: $20 off", ...)."""
    install_starter_catalogue()
    return {item.name: item for item in CatalogueItem.objects.all()}


@pytest.fixture
def customer() -> Customer:
    return CustomerFactory.create(
        name="Maria Lopez", address_line1="12 Elm Street", city="Savannah", region="GA", postal_code="31401"
    )


@pytest.fixture
def conversation(team, customer) -> Conversation:
    return ConversationFactory.create(team=team, customer=customer, subject="Boots too small")


@pytest.fixture
def order(customer) -> Order:
    """200.00 USD: boots we sell (120) and tyres we never did (80)."""
    order = OrderFactory.create(customer=customer, number="WD-555", total=Decimal("200.00"))
    OrderItemFactory.create(order=order, description="Leather boots", sku="ANK-1", unit_price=Decimal("120.00"))
    OrderItemFactory.create(order=order, description="Winter tyres", sku="", unit_price=Decimal("80.00"))
    return order


@pytest.fixture
def grant(rep, conversation, items) -> Callable[..., Granted]:
    """``grant("Flowers with a card", why=..., **more)``: the service, with the rep and conversation filled in."""

    def call(name: str, **kwargs: Any) -> Granted:
        kwargs.setdefault("actor", rep)
        kwargs.setdefault("conversation", conversation)
        kwargs.setdefault("why", "Because it is the right thing to do.")
        return gesture_grant(item=items[name], **kwargs)

    return call
