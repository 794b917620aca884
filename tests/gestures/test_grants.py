"""Granting: any staff member, no approval, a why; what fulfils each kind; money rules; idempotency keys."""

from __future__ import annotations

import datetime as dt
import math
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from tests.factories import ConversationFactory, CustomerFactory, OrderFactory, UserFactory
from wowdesk.accounts.models import Department
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.gestures import services
from wowdesk.gestures.models import (
    AuditAction,
    Coupon,
    Gesture,
    GestureAudit,
    Kind,
    OrderRecord,
    Reason,
    Shipment,
)
from wowdesk.gestures.services import coupons as coupon_services
from wowdesk.gestures.services import gesture_grant, order_record_move

pytestmark = pytest.mark.django_db


def fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


def nothing_written() -> bool:
    return not (
        Gesture.objects.exists()
        or GestureAudit.objects.exists()
        or Coupon.objects.exists()
        or Shipment.objects.exists()
        or OrderRecord.objects.exists()
        or TimelineEntry.objects.filter(event_type=EventType.GESTURE_GRANTED).exists()
    )


def test_a_coupon_grant_issues_a_code_and_is_audited_and_on_the_timeline(grant, rep, team, conversation, customer):
    gesture = grant("Coupon: $20 off", why="The parcel was four days late.", reason=Reason.MISTAKE).gesture

    assert (gesture.customer, gesture.conversation, gesture.granted_by, gesture.team) == (
        customer,
        conversation,
        rep,
        team,
    )
    assert (gesture.kind, gesture.cost, gesture.currency, gesture.value) == (Kind.COUPON, 20, "USD", 20)
    coupon = Coupon.objects.get(gesture=gesture)
    assert len(coupon.code) == 16
    assert coupon.max_uses == 1
    assert coupon.expires_at - gesture.granted_at == dt.timedelta(days=365)
    audit = GestureAudit.objects.get(gesture=gesture)
    assert (audit.action, audit.actor, audit.to_state) == (AuditAction.GRANTED, rep, "issued")
    event = TimelineEntry.objects.get(conversation=conversation, event_type=EventType.GESTURE_GRANTED)
    assert event.body == "Coupon: $20 off (20.00 USD): The parcel was four days late."
    assert event.author == rep
    assert event.data == {"gesture": gesture.pk}


@pytest.mark.parametrize("why", ["", "   ", "\n"])
def test_why_is_required_and_nothing_is_stored_without_it(grant, why):
    with pytest.raises(ValidationError) as exc:
        grant("Coupon: $20 off", why=why)
    assert fields(exc) == {"why"}
    assert nothing_written()


def test_anyone_in_any_department_grants_without_approval(items, customer):
    kids = Department.objects.create(name="Kids' Shoes", slug="kids-shoes")
    buyer = UserFactory.create(team=None, department=kids)
    shared = ConversationFactory.create(customer=customer, team=None)

    gesture = gesture_grant(
        actor=buyer, conversation=shared, item=items["Tin of cookies"], why="She made our whole floor laugh."
    ).gesture

    assert gesture.granted_by == buyer
    assert gesture.team is None
    assert gesture.department == kids


def test_there_is_no_limit_on_cost_or_count(grant, items):
    big = grant("Custom package", description="A whole wardrobe of shoes", amount="4800.00").gesture
    for _ in range(5):
        grant("Coupon: $20 off")
    assert big.cost == Decimal("4800.00")
    assert Gesture.objects.count() == 6


def test_a_retired_item_cannot_be_granted_but_past_grants_keep_it(grant, items):
    first = grant("Tin of cookies").gesture
    services.catalogue_item_retire(item=items["Tin of cookies"])

    with pytest.raises(ValidationError) as exc:
        grant("Tin of cookies")

    assert fields(exc) == {"item"}
    first.refresh_from_db()
    assert first.item.is_retired
    assert first.item_name == "Tin of cookies"


def test_a_refund_is_full_by_default_and_recorded_against_the_order(grant, order):
    gesture = grant("Refund", order=order).gesture

    record = OrderRecord.objects.get(gesture=gesture)
    assert (record.kind, record.amount, record.state, record.order) == ("refund", Decimal("200.00"), "issued", order)
    assert gesture.cost == gesture.value == Decimal("200.00")


def test_a_refund_for_an_item_we_never_sold_is_allowed(grant, order):
    tyres = order.items.get(sku="")
    gesture = grant("Refund", order=order, order_item=tyres, why="We want to be the store you trust.").gesture

    record = OrderRecord.objects.get(gesture=gesture)
    assert record.order_item == tyres
    assert record.amount == Decimal("80.00")
    assert not tyres.sold_by_us


def test_a_refund_larger_than_the_order_is_refused_and_nothing_is_stored(grant, order):
    with pytest.raises(ValidationError) as exc:
        grant("Refund", order=order, amount="200.01")

    assert fields(exc) == {"amount"}
    assert "more than is left" in exc.value.message_dict["amount"][0]
    assert nothing_written()


def test_refunds_together_cannot_pass_the_order_total_but_failed_ones_do_not_count(grant, rep, order):
    first = grant("Refund", order=order, amount="150").gesture
    with pytest.raises(ValidationError) as exc:
        grant("Refund", order=order, amount="60")
    assert "50.00 of 200.00 USD" in exc.value.message_dict["amount"][0]

    order_record_move(actor=rep, record=first.order_record, state="failed", note="Card closed")
    assert grant("Refund", order=order, amount="60").gesture.cost == Decimal("60.00")


def test_a_refund_of_an_item_cannot_exceed_what_it_cost(grant, order):
    boots = order.items.get(sku="ANK-1")
    with pytest.raises(ValidationError) as exc:
        grant("Refund", order=order, order_item=boots, amount="130")
    assert "more than this item cost" in exc.value.message_dict["amount"][0]


def test_kinds_that_apply_to_an_order_need_one(grant):
    for name in ("Refund", "Discount on an order (%)", "Free replacement", "Upgrade to overnight shipping"):
        with pytest.raises(ValidationError) as exc:
            grant(name)
        assert fields(exc) == {"order"}
    assert nothing_written()


def test_an_order_of_another_customer_is_refused(grant):
    stranger_order = OrderFactory.create(customer=CustomerFactory.create())
    with pytest.raises(ValidationError) as exc:
        grant("Refund", order=stranger_order)
    assert fields(exc) == {"order"}


@pytest.mark.parametrize(
    ("name", "kwargs", "field"),
    [
        ("Coupon: $20 off", {"amount": "-5"}, "amount"),
        ("Coupon: $20 off", {"amount": "abc"}, "amount"),
        ("Coupon: $20 off", {"amount": "0"}, "amount"),
        ("Coupon: $20 off", {"currency": "XYZ"}, "currency"),
        ("Refund", {"currency": "EUR"}, "currency"),
        ("Custom package", {"description": "Socks", "cost": "-1"}, "cost"),
        ("Discount on an order (%)", {"amount": "120"}, "amount"),
        ("Coupon: $20 off", {"max_uses": 0}, "max_uses"),
        ("Coupon: $20 off", {"expires_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "expires_at"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(grant, order, name, kwargs, field):
    if name in ("Refund", "Discount on an order (%)"):
        kwargs = {"order": order, **kwargs}
    with pytest.raises(ValidationError) as exc:
        grant(name, **kwargs)
    assert field in fields(exc)
    assert nothing_written()


def test_a_coupon_takes_its_currency_value_expiry_and_uses_from_the_grant(grant):
    expiry = timezone.now() + dt.timedelta(days=30)
    gesture = grant("Coupon: $20 off", amount="2500", currency="jpy", expires_at=expiry, max_uses=3).gesture
    coupon = Coupon.objects.get(gesture=gesture)
    assert (coupon.value, coupon.currency, coupon.expires_at, coupon.max_uses) == (Decimal(2500), "JPY", expiry, 3)


def test_a_percentage_discount_costs_that_share_of_the_order(grant, order):
    gesture = grant("Discount on an order (%)", order=order, amount="15").gesture
    assert gesture.value == Decimal("15.00")
    assert gesture.cost == Decimal("30.00")
    assert OrderRecord.objects.get(gesture=gesture).kind == "discount"


def test_a_replacement_is_recorded_against_the_order_and_shipped(grant, order, customer):
    gesture = grant("Free replacement", order=order, order_item=order.items.get(sku="ANK-1")).gesture

    assert OrderRecord.objects.get(gesture=gesture).amount == Decimal("120.00")
    shipment = Shipment.objects.get(gesture=gesture)
    assert shipment.state == "to_prepare"
    assert shipment.recipient == customer.name


def test_a_parcel_keeps_the_address_of_the_moment_it_was_granted(grant, customer):
    gesture = grant("Flowers with a card", message="Thinking of you").gesture
    customer.address_line1 = "1 New Road"
    customer.save()

    shipment = Shipment.objects.get(gesture=gesture)
    assert shipment.address.startswith("12 Elm Street")
    assert shipment.ship_by - gesture.granted_at == dt.timedelta(days=1)
    assert shipment.deliver_by - gesture.granted_at == dt.timedelta(days=3)


def test_a_parcel_needs_somewhere_to_go(items, rep, team):
    homeless = ConversationFactory.create(team=team, customer=CustomerFactory.create(city="", country=""))
    with pytest.raises(ValidationError) as exc:
        gesture_grant(actor=rep, conversation=homeless, item=items["Tin of cookies"], why="Cheer")
    assert fields(exc) == {"ship_to"}

    gesture = gesture_grant(
        actor=rep,
        conversation=homeless,
        item=items["Tin of cookies"],
        why="Cheer",
        recipient="Ward 4 nurses",
        ship_to="Children's ward\nDuluth",
    ).gesture
    assert Shipment.objects.get(gesture=gesture).address == "Children's ward\nDuluth"


def test_a_custom_package_needs_its_contents_and_costs_what_the_rep_says(grant):
    with pytest.raises(ValidationError) as exc:
        grant("Custom package")
    assert fields(exc) == {"description"}
    gesture = grant("Custom package", description="Steak and fries at arrivals", amount="46.50").gesture
    assert gesture.cost == Decimal("46.50")
    assert gesture.description == "Steak and fries at arrivals"


def test_a_grant_and_its_audit_are_one_transaction(grant, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("timeline unavailable")

    monkeypatch.setattr("wowdesk.gestures.services.audit.conversation_record_event", broken)
    with pytest.raises(RuntimeError):
        grant("Coupon: $20 off")
    assert nothing_written()


# Idempotency keys


def test_a_retry_with_the_same_key_returns_the_first_gesture_and_creates_nothing(grant):
    first = grant("Coupon: $20 off", idempotency_key="retry-1")
    counts = (Gesture.objects.count(), GestureAudit.objects.count(), TimelineEntry.objects.count())

    again = grant("Coupon: $20 off", idempotency_key="retry-1")

    assert (first.replayed, again.replayed) == (False, True)
    assert again.gesture.pk == first.gesture.pk
    assert (Gesture.objects.count(), GestureAudit.objects.count(), TimelineEntry.objects.count()) == counts
    assert Coupon.objects.count() == 1


def test_the_same_key_with_a_different_request_is_refused(grant):
    grant("Coupon: $20 off", idempotency_key="k")
    with pytest.raises(ValidationError) as exc:
        grant("Coupon: $20 off", idempotency_key="k", why="Something else entirely")
    assert fields(exc) == {"idempotency_key"}
    assert Gesture.objects.count() == 1


def test_keys_belong_to_the_person_who_sent_them(grant, teammate):
    grant("Coupon: $20 off", idempotency_key="shared-key")
    grant("Coupon: $20 off", idempotency_key="shared-key", actor=teammate)
    assert Gesture.objects.count() == 2


def test_without_a_key_every_call_grants(grant):
    grant("Coupon: $20 off")
    grant("Coupon: $20 off")
    assert Gesture.objects.count() == 2


def test_an_insert_that_loses_the_race_for_a_key_returns_the_winner(grant, rep, monkeypatch):
    """The existence check missed the other request's row; the unique constraint catches it."""
    winner = grant("Coupon: $20 off", idempotency_key="race")
    real_filter = Gesture.objects.filter
    calls = {"n": 0}

    def blind_first_look(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            return Gesture.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Gesture.objects, "filter", blind_first_look)
    again = grant("Coupon: $20 off", idempotency_key="race")

    assert again.replayed
    assert again.gesture.pk == winner.gesture.pk
    assert real_filter().count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_create_one_gesture(rep, conversation, items):
    barrier = threading.Barrier(4)
    results: list[object] = []

    def attempt() -> None:
        try:
            barrier.wait()
            results.append(
                gesture_grant(
                    actor=rep,
                    conversation=conversation,
                    item=items["Coupon: $20 off"],
                    why="Late",
                    idempotency_key="k1",
                )
            )
        except Exception as exc:  # collected and asserted below
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(r, services.Granted) for r in results), results
    assert len({r.gesture.pk for r in results if isinstance(r, services.Granted)}) == 1
    assert sum(not r.replayed for r in results if isinstance(r, services.Granted)) == 1
    assert Gesture.objects.count() == 1
    assert Coupon.objects.count() == 1


def test_codes_use_the_unambiguous_alphabet():
    codes = {coupon_services.coupon_code_generate() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 16 and set(c) <= set(coupon_services.ALPHABET) for c in codes)
    assert not set("01ILOUV") & set(coupon_services.ALPHABET)
    # At least 64 bits of randomness per code.
    assert coupon_services.CODE_LENGTH * math.log2(len(coupon_services.ALPHABET)) >= 64
