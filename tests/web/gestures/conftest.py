"""The gestures fixtures (catalogue, customer with an address, conversation, order, ``grant``) for web tests."""

from tests.gestures.conftest import conversation, customer, grant, items, order

__all__ = ["conversation", "customer", "grant", "items", "order"]
