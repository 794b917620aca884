"""The demo data: a few months of everyday gestures plus the journey stories' gestures."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.gestures.models import AuditAction, Coupon, Gesture, GestureAudit, Kind, OrderRecord, Shipment, Sidekick

pytestmark = pytest.mark.django_db

SMALL = ("--conversations", "400", "--customers", "80")


def seed(*args: str) -> None:
    call_command("seed_demo", *SMALL, *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def seeded() -> None:
    seed()


def fingerprint() -> list[tuple[object, ...]]:
    return list(Gesture.objects.order_by("id").values_list("item_name", "why", "cost", "conversation__subject"))


def test_everyday_gestures_span_months_and_kinds(seeded):
    gestures = Gesture.objects.all()
    assert gestures.count() > 20
    months = {g.granted_at.strftime("%Y-%m") for g in gestures}
    assert len(months) >= 4
    assert {Kind.COUPON, Kind.REFUND, Kind.GIFT, Kind.REPLACEMENT} <= set(gestures.values_list("kind", flat=True))


def test_every_gesture_has_its_audit_and_timeline_event(seeded):
    granted = GestureAudit.objects.filter(action=AuditAction.GRANTED)
    assert granted.count() == Gesture.objects.count()
    events = TimelineEntry.objects.filter(event_type=EventType.GESTURE_GRANTED)
    assert events.count() == Gesture.objects.count()
    for gesture in Gesture.objects.select_related("conversation"):
        assert gesture.conversation.customer_id == gesture.customer_id


def test_demo_states_agree_with_their_audit_trail(seeded):
    for shipment in Shipment.objects.all():
        moves = GestureAudit.objects.filter(gesture_id=shipment.gesture_id, action=AuditAction.SHIPMENT_CHANGED)
        last = moves.order_by("created_at", "id").last()
        assert shipment.state == (last.to_state if last else "to_prepare")
        if shipment.state == "shipped":
            assert shipment.tracking_number
    for record in OrderRecord.objects.select_related("order"):
        assert record.amount <= record.order.total or record.kind == "replacement"
    for coupon in Coupon.objects.all():
        assert coupon.uses == coupon.redemptions.count()
        assert coupon.max_uses is None or coupon.uses <= coupon.max_uses


def test_nothing_happens_in_the_future(seeded):
    now = timezone.now()
    assert not Gesture.objects.filter(granted_at__gt=now).exists()
    assert not GestureAudit.objects.filter(created_at__gt=now).exists()
    assert not TimelineEntry.objects.filter(created_at__gt=now).exists()


def test_the_journey_stories_have_their_gestures(seeded):
    tyres = Gesture.objects.get(conversation__subject="Can I return a set of tyres?")
    assert tyres.kind == Kind.REFUND
    assert "store you trust" in tyres.why
    assert tyres.order_record.state == "completed"
    assert tyres.order_record.order_item is not None
    assert not tyres.order_record.order_item.sold_by_us

    toy = Gesture.objects.get(conversation__subject__contains="Captain Comet")
    assert toy.kind == Kind.REPLACEMENT
    assert toy.shipment.state == "delivered"

    steak = Gesture.objects.get(conversation__subject__contains="steak")
    assert steak.kind == Kind.CUSTOM_PACKAGE
    assert steak.shipment.carrier == "Hand delivery"

    flowers = Gesture.objects.get(conversation__subject__startswith="Return of order")
    assert flowers.item_name == "Flowers with a card"
    assert flowers.message

    hospital = Gesture.objects.get(conversation__subject__contains="hospital")
    sidekicks = set(Sidekick.objects.filter(gesture=hospital).values_list("user__department__slug", flat=True))
    assert sidekicks == {"kids-shoes"}
    assert hospital.huddle.contributions.filter(kind="vendor_item").exists()

    assert Gesture.objects.filter(reason="bad_experience", kind=Kind.COUPON, why__contains="Called back").count() == 1


def test_the_queue_has_open_and_late_work(seeded):
    assert Shipment.objects.filter(state__in=["to_prepare", "shipped"]).exists()
    assert OrderRecord.objects.filter(state="issued").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_builds_the_same_gestures():
    seed()
    first = fingerprint()
    seed("--flush")
    assert fingerprint() == first
