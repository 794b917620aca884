from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ConversationFactory, CustomerFactory, OrderFactory, OrderItemFactory, ProblemReportFactory
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.customers.models import Customer
from wowdesk.orders.models import Order, ProblemReport

pytestmark = pytest.mark.django_db


def _create_url(customer: Customer) -> str:
    return f"{reverse('orders:create')}?customer={customer.pk}"


def _order_data(*rows: dict[str, str], number: str = "WD-9001") -> dict[str, str]:
    data = {
        "number": number,
        "currency": "EUR",
        "status": "placed",
        "items-TOTAL_FORMS": str(len(rows) + 1),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        data.update({f"items-{i}-{key}": value for key, value in row.items()})
    # The spare blank row a browser submits is ignored.
    data.update({f"items-{len(rows)}-quantity": "1"})
    return data


def test_create_page_shows_an_item_formset(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.get(reverse("orders:create"), {"customer": customer.pk, "rows": "6"})
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 6


def test_create_order_with_an_item_we_do_not_sell(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(
        _create_url(customer),
        _order_data(
            {"description": "Trail shoes", "sku": "SH-1", "quantity": "2", "unit_price": "50.00"},
            {"description": "Bike tyres", "sku": "", "quantity": "1", "unit_price": "30"},
        ),
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    assert order.customer == customer
    assert order.total == Decimal("130.00")
    assert [item.sold_by_us for item in order.items.all()] == [True, False]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"description": "Socks", "quantity": "-1", "unit_price": "5"}, "quantity"),
        ({"description": "Socks", "quantity": "1", "unit_price": "-5"}, "unit_price"),
        ({"description": "Socks", "quantity": "1", "unit_price": "cheap"}, "unit_price"),
        ({"description": "", "quantity": "2", "unit_price": "5"}, "description"),
    ],
)
def test_bad_item_is_400_naming_the_field(rep_client, row, field):
    customer = CustomerFactory.create()
    response = rep_client.post(_create_url(customer), _order_data(row))
    assert response.status_code == 400
    assert field in response.context["formset"].forms[0].errors
    assert not Order.objects.exists()


def test_order_without_items_is_400(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(_create_url(customer), _order_data())
    assert response.status_code == 400
    assert response.context["formset"].non_form_errors()


def test_duplicate_order_number_is_400_naming_the_field(rep_client):
    OrderFactory.create(number="WD-1")
    customer = CustomerFactory.create()
    response = rep_client.post(
        _create_url(customer), _order_data({"description": "Hat", "quantity": "1", "unit_price": "9"}, number="WD-1")
    )
    assert response.status_code == 400
    assert "number" in response.context["form"].errors


def test_create_without_a_customer_is_400_naming_it(rep_client):
    response = rep_client.get(reverse("orders:create"))
    assert response.status_code == 400
    assert response.context["customer_error"].startswith("customer")


def test_order_detail_shows_items_and_problems(rep_client, team):
    item = OrderItemFactory.create(description="Rain jacket")
    conversation = ConversationFactory.create(customer=item.order.customer, team=team, subject="Jacket leaks")
    ProblemReportFactory.create(order=item.order, conversation=conversation, description="Seams leak")
    response = rep_client.get(reverse("orders:detail", args=[item.order.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rain jacket" in body
    assert "Seams leak" in body
    assert f"#{conversation.pk} Jacket leaks" in body  # offered in the problem form


def test_problems_link_only_the_conversations_the_reader_may_open(rep_client, lead_client, team, other_team):
    """Orders are shared like customers, conversations are team-scoped: linked only for those who may open them."""
    order = OrderFactory.create()
    ours = ConversationFactory.create(customer=order.customer, team=team)
    theirs = ConversationFactory.create(customer=order.customer, team=other_team)
    ProblemReportFactory.create(order=order, conversation=ours, description="Wrong size")
    ProblemReportFactory.create(order=order, conversation=theirs, description="Scuffed box")
    ours_link = reverse("conversations:detail", args=[ours.pk])
    theirs_link = reverse("conversations:detail", args=[theirs.pk])

    for page in (reverse("orders:detail", args=[order.pk]), reverse("customers:detail", args=[order.customer_id])):
        rep_view = rep_client.get(page).text
        assert ours_link in rep_view
        assert theirs_link not in rep_view
        assert f"conversation #{theirs.pk} (another team's)" in rep_view
        assert "Scuffed box" in rep_view  # the report itself is still shown
        lead_view = lead_client.get(page).text
        assert ours_link in lead_view
        assert theirs_link in lead_view
    assert rep_client.get(theirs_link).status_code == 404


def test_order_detail_requires_login(client):
    order = OrderFactory.create()
    assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 302


def test_set_status(rep_client):
    order = OrderFactory.create()
    response = rep_client.post(reverse("orders:set_status", args=[order.pk]), {"status": "delivered"})
    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == Order.Status.DELIVERED


def test_set_unknown_status_is_400_naming_the_field(rep_client):
    order = OrderFactory.create()
    response = rep_client.post(reverse("orders:set_status", args=[order.pk]), {"status": "teleported"})
    assert response.status_code == 400
    assert "status" in response.context["status_form"].errors


def test_set_status_ignores_an_unsafe_next(rep_client):
    order = OrderFactory.create()
    response = rep_client.post(
        reverse("orders:set_status", args=[order.pk]), {"status": "shipped", "next": "//evil.example/"}
    )
    assert response["Location"] == reverse("orders:detail", args=[order.pk])


def test_problem_report_from_a_conversation_returns_there_and_marks_lost(rep_client, rep, team):
    order = OrderFactory.create()
    conversation = ConversationFactory.create(customer=order.customer, team=team)
    back = f"/conversations/{conversation.pk}/"

    response = rep_client.post(
        reverse("orders:problem_add", args=[order.pk]),
        {"kind": "never_arrived", "description": "Tracking stuck", "conversation": conversation.pk, "next": back},
    )

    assert response.status_code == 302
    assert response["Location"] == back
    report = ProblemReport.objects.get()
    assert (report.conversation, report.reported_by) == (conversation, rep)
    order.refresh_from_db()
    assert order.status == Order.Status.LOST
    assert TimelineEntry.objects.filter(conversation=conversation, event_type=EventType.PROBLEM_REPORTED).exists()


def test_problem_report_needs_a_conversation(rep_client):
    order = OrderFactory.create()
    response = rep_client.post(reverse("orders:problem_add", args=[order.pk]), {"kind": "defective"})
    assert response.status_code == 400
    assert "conversation" in response.context["problem_form"].errors


def test_problem_report_with_unknown_kind_is_400_naming_the_field(rep_client, team):
    order = OrderFactory.create()
    conversation = ConversationFactory.create(customer=order.customer, team=team)
    response = rep_client.post(
        reverse("orders:problem_add", args=[order.pk]), {"kind": "gremlins", "conversation": conversation.pk}
    )
    assert response.status_code == 400
    assert "kind" in response.context["problem_form"].errors


def test_problem_report_rejects_another_customers_conversation(rep_client, team):
    order = OrderFactory.create()
    elsewhere = ConversationFactory.create(team=team)
    response = rep_client.post(
        reverse("orders:problem_add", args=[order.pk]), {"kind": "defective", "conversation": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "conversation" in response.context["problem_form"].errors
    assert not ProblemReport.objects.exists()


def test_problem_report_in_a_hidden_conversation_is_404(rep_client, other_team):
    order = OrderFactory.create()
    hidden = ConversationFactory.create(customer=order.customer, team=other_team)
    response = rep_client.post(
        reverse("orders:problem_add", args=[order.pk]), {"kind": "defective", "conversation": hidden.pk}
    )
    assert response.status_code == 404
    assert not ProblemReport.objects.exists()
