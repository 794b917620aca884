"""The fulfilment state machines: legal moves only, each audited and told to the conversation;
late work is flagged and sorted first."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.gestures.models import AuditAction, GestureAudit, OrderRecord, Shipment
from wowdesk.gestures.selectors import order_record_queue, queue_counts, shipment_queue
from wowdesk.gestures.services import order_record_move, shipment_move

pytestmark = pytest.mark.django_db

SHIP_STATES = Shipment.State.values
RECORD_STATES = OrderRecord.State.values
LEGAL_SHIPMENT = {
    ("to_prepare", "shipped"),
    ("shipped", "delivered"),
    ("shipped", "returned"),
    ("delivered", "returned"),
    ("returned", "shipped"),
}
LEGAL_RECORD = {("issued", "completed"), ("issued", "failed"), ("failed", "issued")}


@pytest.fixture
def shipment(grant) -> Shipment:
    return Shipment.objects.get(gesture=grant("Flowers with a card").gesture)


@pytest.fixture
def record(grant, order) -> OrderRecord:
    return OrderRecord.objects.get(gesture=grant("Refund", order=order).gesture)


def _put(shipment: Shipment, state: str) -> Shipment:
    Shipment.objects.filter(pk=shipment.pk).update(state=state, tracking_number="T-1")
    shipment.refresh_from_db()
    return shipment


def test_the_shipment_rule_book_is_exactly_the_legal_moves():
    assert {(a, b) for a, targets in Shipment.TRANSITIONS.items() for b in targets} == LEGAL_SHIPMENT
    assert {(a, b) for a, targets in OrderRecord.TRANSITIONS.items() for b in targets} == LEGAL_RECORD


@pytest.mark.parametrize(("source", "target"), list(itertools.product(SHIP_STATES, SHIP_STATES)))
def test_every_shipment_move_is_allowed_only_if_legal(shipment, rep, source, target):
    shipment = _put(shipment, source)
    audits = GestureAudit.objects.count()
    if (source, target) in LEGAL_SHIPMENT:
        moved = shipment_move(actor=rep, shipment=shipment, state=target, tracking_number="1Z999", carrier="UPS")
        assert moved.state == target
        assert GestureAudit.objects.count() == audits + 1
    else:
        with pytest.raises(ValidationError) as exc:
            shipment_move(actor=rep, shipment=shipment, state=target, tracking_number="1Z999")
        assert set(exc.value.message_dict) == {"state"}
        shipment.refresh_from_db()
        assert shipment.state == source
        assert GestureAudit.objects.count() == audits


@pytest.mark.parametrize(("source", "target"), list(itertools.product(RECORD_STATES, RECORD_STATES)))
def test_every_order_record_move_is_allowed_only_if_legal(record, rep, source, target):
    OrderRecord.objects.filter(pk=record.pk).update(state=source)
    record.refresh_from_db()
    if (source, target) in LEGAL_RECORD:
        assert order_record_move(actor=rep, record=record, state=target, note="bank said no").state == target
    else:
        with pytest.raises(ValidationError) as exc:
            order_record_move(actor=rep, record=record, state=target, note="x")
        assert set(exc.value.message_dict) == {"state"}
        record.refresh_from_db()
        assert record.state == source


def test_an_unknown_state_is_refused(shipment, rep):
    with pytest.raises(ValidationError) as exc:
        shipment_move(actor=rep, shipment=shipment, state="teleported")
    assert "Choose one of" in exc.value.message_dict["state"][0]


def test_shipping_needs_a_tracking_number(shipment, rep):
    with pytest.raises(ValidationError) as exc:
        shipment_move(actor=rep, shipment=shipment, state="shipped", tracking_number="  ")
    assert set(exc.value.message_dict) == {"tracking_number"}
    assert Shipment.objects.get(pk=shipment.pk).state == "to_prepare"


def test_a_parcel_tracked_to_delivery_tells_the_audit_and_the_conversation(shipment, rep, teammate, conversation):
    shipment_move(actor=rep, shipment=shipment, state="shipped", tracking_number="1Z999", carrier="UPS")
    delivered = shipment_move(actor=teammate, shipment=shipment, state="delivered")

    assert delivered.shipped_at is not None
    assert delivered.delivered_at is not None
    assert (delivered.carrier, delivered.tracking_number) == ("UPS", "1Z999")
    trail = list(
        GestureAudit.objects.filter(gesture=shipment.gesture, action=AuditAction.SHIPMENT_CHANGED).values_list(
            "from_state", "to_state", "actor"
        )
    )
    assert trail == [("to_prepare", "shipped", rep.pk), ("shipped", "delivered", teammate.pk)]
    bodies = list(
        TimelineEntry.objects.filter(conversation=conversation, event_type=EventType.GESTURE_UPDATED).values_list(
            "body", flat=True
        )
    )
    assert bodies == [
        "Flowers with a card: To prepare → Shipped (UPS 1Z999)",
        "Flowers with a card: Shipped → Delivered",
    ]


def test_a_failed_refund_needs_a_note_and_can_be_issued_again(record, rep):
    with pytest.raises(ValidationError) as exc:
        order_record_move(actor=rep, record=record, state="failed")
    assert set(exc.value.message_dict) == {"note"}

    failed = order_record_move(actor=rep, record=record, state="failed", note="Card closed")
    assert (failed.state, failed.note) == ("failed", "Card closed")
    assert failed.failed_at is not None
    again = order_record_move(actor=rep, record=record, state="issued")
    done = order_record_move(actor=rep, record=again, state="completed")
    assert done.completed_at is not None
    with pytest.raises(ValidationError) as exc:
        order_record_move(actor=rep, record=done, state="failed", note="late")
    assert "finished" in exc.value.message_dict["state"][0]


def test_late_work_is_overdue_and_comes_first_in_the_queue(grant, order, lead):
    late = Shipment.objects.get(gesture=grant("Tin of cookies").gesture)
    on_time = Shipment.objects.get(gesture=grant("Handwritten note").gesture)
    Shipment.objects.filter(pk=late.pk).update(ship_by=timezone.now() - dt.timedelta(hours=1))
    refund = OrderRecord.objects.get(gesture=grant("Refund", order=order, amount="10").gesture)
    OrderRecord.objects.filter(pk=refund.pk).update(due_by=timezone.now() - dt.timedelta(days=1))

    shipments = shipment_queue(user=lead, cursor=None, size=10).items
    assert [s.pk for s in shipments] == [late.pk, on_time.pk]
    assert [s.is_overdue for s in shipments] == [True, False]
    assert [s.pk for s in shipment_queue(user=lead, overdue=True, cursor=None, size=10).items] == [late.pk]
    assert order_record_queue(user=lead, overdue=True, cursor=None, size=10).items[0].is_overdue
    assert queue_counts(user=lead) == queue_counts(user=lead).__class__(
        shipments_open=2, shipments_overdue=1, records_open=1, records_overdue=1
    )


def test_a_parcel_in_transit_past_its_delivery_date_is_overdue(shipment, rep):
    shipment_move(actor=rep, shipment=shipment, state="shipped", tracking_number="T")
    Shipment.objects.filter(pk=shipment.pk).update(deliver_by=timezone.now() - dt.timedelta(minutes=1))
    assert Shipment.objects.get(pk=shipment.pk).is_overdue


def test_done_parcels_leave_the_open_queue_but_stay_findable(shipment, rep, lead):
    shipment_move(actor=rep, shipment=shipment, state="shipped", tracking_number="T")
    shipment_move(actor=rep, shipment=shipment, state="delivered")

    assert shipment_queue(user=lead, cursor=None, size=10).items == []
    assert [s.pk for s in shipment_queue(user=lead, view="delivered", cursor=None, size=10).items] == [shipment.pk]
    assert [s.pk for s in shipment_queue(user=lead, view="all", cursor=None, size=10).items] == [shipment.pk]
    with pytest.raises(ValidationError) as exc:
        shipment_queue(user=lead, view="lost", cursor=None, size=10)
    assert set(exc.value.message_dict) == {"view"}


def test_the_queue_pages_with_a_cursor(grant, lead):
    ids = [Shipment.objects.get(gesture=grant("Handwritten note").gesture).pk for _ in range(5)]
    first = shipment_queue(user=lead, cursor=None, size=2)
    second = shipment_queue(user=lead, cursor=first.next_cursor, size=2)
    third = shipment_queue(user=lead, cursor=second.next_cursor, size=2)
    assert [s.pk for s in first.items + second.items + third.items] == ids
    assert third.next_cursor is None
