"""Orders and problem reports over the API."""

from __future__ import annotations

import pytest

from tests.api.conftest import fields
from tests.factories import ConversationFactory, CustomerFactory, OrderFactory, OrderItemFactory
from wowdesk.orders.models import Order, OrderItem, ProblemReport

pytestmark = pytest.mark.django_db

ITEMS = [
    {"description": "Trail shoes", "sku": "TR-39", "quantity": 2, "unit_price": "89.90"},
    {"description": "Tyres bought at the garage", "unit_price": 120},
]


def test_create_order_with_items_we_do_not_sell(rep_api):
    customer = CustomerFactory.create()
    response = rep_api.post(
        f"/customers/{customer.pk}/orders",
        {"number": "WD-1", "currency": "eur", "placed_at": "2026-05-01T10:00:00+02:00", "items": ITEMS},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["currency"] == "EUR"
    assert body["total"] == "299.80"
    assert [(i["sold_by_us"], i["line_total"]) for i in body["items"]] == [(True, "179.80"), (False, "120.00")]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"number": "WD-2", "items": []}, "items"),
        ({"number": "WD-2", "currency": "XXX", "items": ITEMS}, "currency"),
        ({"number": "WD-2", "items": [{"description": "x", "unit_price": "-1"}]}, "items[0].unit_price"),
        ({"number": "WD-2", "items": [{"description": "x", "unit_price": "1", "quantity": 0}]}, "items[0].quantity"),
        ({"number": "WD-2", "placed_at": "2026-05-01T10:00:00", "items": ITEMS}, "placed_at"),
        ({"number": "", "items": ITEMS}, "number"),
    ],
)
def test_invalid_order_is_422_naming_the_field_and_writes_nothing(rep_api, payload, field):
    customer = CustomerFactory.create()
    response = rep_api.post(f"/customers/{customer.pk}/orders", payload)
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not Order.objects.exists()
    assert not OrderItem.objects.exists()


def test_duplicate_order_number_is_422(rep_api):
    existing = OrderFactory.create(number="WD-7")
    response = rep_api.post(f"/customers/{existing.customer_id}/orders", {"number": "WD-7", "items": ITEMS})
    assert response.status_code == 422
    assert fields(response) == {"number"}


def test_list_detail_and_status(rep_api, outsider_api):
    order = OrderFactory.create()
    OrderItemFactory.create(order=order)
    listed = rep_api.get(f"/customers/{order.customer_id}/orders").json()["items"]
    assert [o["number"] for o in listed] == [order.number]
    assert outsider_api.get(f"/orders/{order.pk}").json()["items"][0]["description"] == "Trail running shoes, size 39"
    response = rep_api.post(f"/orders/{order.pk}/status", {"status": "shipped"})
    assert response.json()["status"] == "shipped"
    assert fields(rep_api.post(f"/orders/{order.pk}/status", {"status": "teleported"})) == {"status"}
    assert rep_api.get("/orders/999999").status_code == 404


def test_problem_report_on_a_conversation_marks_a_lost_order(rep_api, team):
    conversation = ConversationFactory.create(team=team)
    order = OrderFactory.create(customer=conversation.customer)
    response = rep_api.post(
        f"/conversations/{conversation.pk}/problem-reports",
        {"order_id": order.pk, "kind": "never_arrived", "description": "Porch was empty"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["order"] == {"id": order.pk, "number": order.number}
    order.refresh_from_db()
    assert order.status == Order.Status.LOST
    listed = rep_api.get(f"/conversations/{conversation.pk}/problem-reports").json()["items"]
    assert [p["kind"] for p in listed] == ["never_arrived"]
    assert rep_api.get(f"/orders/{order.pk}").json()["problems"][0]["description"] == "Porch was empty"


def test_problem_report_errors(rep_api, outsider_api, team):
    conversation = ConversationFactory.create(team=team)
    other_customers_order = OrderFactory.create()
    path = f"/conversations/{conversation.pk}/problem-reports"
    assert fields(rep_api.post(path, {"order_id": other_customers_order.pk, "kind": "defective"})) == {"order_id"}
    assert fields(rep_api.post(path, {"order_id": 999_999, "kind": "defective"})) == {"order_id"}
    own_order = OrderFactory.create(customer=conversation.customer)
    assert fields(rep_api.post(path, {"order_id": own_order.pk, "kind": "meh"})) == {"kind"}
    assert outsider_api.post(path, {"order_id": own_order.pk, "kind": "defective"}).status_code == 404
    assert outsider_api.get(path).status_code == 404
    assert not ProblemReport.objects.exists()
