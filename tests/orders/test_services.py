"""Orders and problem reports: totals, validation by field, and the timeline event."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.core.snapshot import row_counts
from tests.factories import ConversationFactory, CustomerFactory, OrderFactory, OrderItemFactory, ProblemReportFactory
from wowdesk.conversations.models import EventType
from wowdesk.core.errors import NotFound
from wowdesk.orders.models import Order, ProblemReport
from wowdesk.orders.selectors import order_get_for_user, orders_for_customer, problem_reports_for_conversation
from wowdesk.orders.services import ItemInput, order_create, order_set_status, problem_report_create

pytestmark = pytest.mark.django_db


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


class TestOrderCreate:
    def test_total_is_the_sum_of_line_totals_in_cents(self):
        order = order_create(
            customer=CustomerFactory.create(),
            number=" WD-1 ",
            currency="eur",
            items=[
                ItemInput("Trail shoes", "89.90", quantity=2, sku="TR-39"),
                ItemInput("Tyres bought elsewhere", 0.1),
            ],
        )

        assert (order.number, order.currency, order.total) == ("WD-1", "EUR", Decimal("179.90"))
        items = list(order.items.all())
        assert [(i.quantity, i.unit_price, i.sold_by_us) for i in items] == [
            (2, Decimal("89.90"), True),
            (1, Decimal("0.10"), False),
        ]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"currency": "XYZ"}, "currency"),
            ({"items": []}, "items"),
            ({"items": [ItemInput("Shoes", "10", quantity=0)]}, "items[0].quantity"),
            ({"items": [ItemInput("Socks", "1"), ItemInput("Shoes", "-1")]}, "items[1].unit_price"),
            ({"items": [ItemInput("Shoes", "ten")]}, "items[0].unit_price"),
            ({"items": [ItemInput("Shoes", "NaN")]}, "items[0].unit_price"),
            ({"items": [ItemInput("", "10")]}, "items[0]"),
            ({"number": ""}, "number"),
            ({"status": "teleported"}, "status"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, kwargs, field):
        customer = CustomerFactory.create()
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            order_create(**({"customer": customer, "number": "WD-2", "items": [ItemInput("Shoes", "10")]} | kwargs))

        assert field in _fields(exc)
        assert row_counts() == before

    def test_order_numbers_are_unique(self):
        existing = OrderFactory.create(number="WD-3")
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            order_create(customer=existing.customer, number="WD-3", items=[ItemInput("Shoes", "10")])

        assert _fields(exc) == {"number"}
        assert row_counts() == before

    def test_status_change_validates_the_choice(self):
        order = OrderFactory.create()

        order_set_status(order=order, status=Order.Status.SHIPPED)
        with pytest.raises(ValidationError) as exc:
            order_set_status(order=order, status="misplaced")

        order.refresh_from_db()
        assert order.status == Order.Status.SHIPPED
        assert _fields(exc) == {"status"}


class TestProblemReports:
    def test_lost_parcel_marks_the_order_lost_and_notes_it_on_the_conversation(self, rep):
        order = OrderFactory.create(status=Order.Status.SHIPPED)
        conversation = ConversationFactory.create(customer=order.customer)

        report = problem_report_create(
            actor=rep, order=order, conversation=conversation, kind=ProblemReport.Kind.LOST_IN_TRANSIT
        )

        order.refresh_from_db()
        assert order.status == Order.Status.LOST
        event = conversation.entries.get(event_type=EventType.PROBLEM_REPORTED)
        assert event.data == {"order": order.pk, "problem": report.pk}
        assert order.number in event.body

    def test_defect_leaves_the_order_status_alone(self, rep):
        order = OrderFactory.create(status=Order.Status.DELIVERED)
        conversation = ConversationFactory.create(customer=order.customer)

        problem_report_create(actor=rep, order=order, conversation=conversation, kind=ProblemReport.Kind.DEFECTIVE)

        order.refresh_from_db()
        assert order.status == Order.Status.DELIVERED

    @pytest.mark.parametrize(("case", "field"), [("other customer", "order"), ("bad kind", "kind")])
    def test_invalid_report_names_the_field_and_writes_nothing(self, rep, case, field):
        order = OrderFactory.create()
        conversation = ConversationFactory.create(customer=order.customer)
        kind: str = ProblemReport.Kind.NEVER_ARRIVED
        if case == "other customer":
            conversation = ConversationFactory.create()
        else:
            kind = "stolen by a seagull"
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            problem_report_create(actor=rep, order=order, conversation=conversation, kind=kind)

        assert _fields(exc) == {field}
        assert row_counts() == before
        order.refresh_from_db()
        assert order.status == Order.Status.PLACED


class TestSelectors:
    def test_orders_are_visible_to_all_active_staff(self, rep, outsider):
        order = OrderFactory.create()

        assert order_get_for_user(user=outsider, pk=order.pk) == order
        with pytest.raises(NotFound):
            order_get_for_user(user=rep, pk=order.pk + 1000)

    def test_orders_for_customer_newest_first_with_items_and_problems(self, django_assert_num_queries):
        customer = CustomerFactory.create()
        older = OrderItemFactory.create(order__customer=customer).order
        newer = ProblemReportFactory.create(order__customer=customer).order
        Order.objects.filter(pk=older.pk).update(placed_at=newer.placed_at.replace(year=2020))

        with django_assert_num_queries(3):
            orders = orders_for_customer(customer=customer)
            assert [len(o.items.all()) + len(o.problems.all()) for o in orders] == [1, 1]

        assert [o.pk for o in orders] == [newer.pk, older.pk]
        assert [o.pk for o in orders_for_customer(customer=customer, limit=1)] == [newer.pk]

    def test_problem_reports_for_a_conversation(self):
        report = ProblemReportFactory.create()
        ProblemReportFactory.create()

        assert list(problem_reports_for_conversation(conversation_id=report.conversation_id)) == [report]
