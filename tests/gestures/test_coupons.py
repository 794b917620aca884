"""Redeeming coupons: once per shop reference, never past their uses, refused when unknown or expired."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from tests.factories import UserFactory
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.gestures.models import AuditAction, Coupon, CouponRedemption, GestureAudit
from wowdesk.gestures.services import coupon_code_normalise, coupon_redeem

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(team):
    return UserFactory.create(username="shop", team=None)


@pytest.fixture
def coupon(grant) -> Coupon:
    return Coupon.objects.get(gesture=grant("Coupon: $20 off").gesture)


def test_redeeming_counts_one_use_and_is_audited_and_on_the_timeline(coupon, shop, conversation):
    redeemed = coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-1001")

    assert not redeemed.replayed
    assert redeemed.coupon.uses == 1
    assert redeemed.redemption.reference == "SHOP-1001"
    audit = GestureAudit.objects.get(gesture=coupon.gesture, action=AuditAction.COUPON_REDEEMED)
    assert (audit.actor, audit.from_state, audit.to_state) == (shop, "0", "1")
    assert TimelineEntry.objects.filter(
        conversation=conversation, event_type=EventType.GESTURE_UPDATED, body__contains="redeemed for SHOP-1001"
    ).exists()


def test_the_customer_may_type_the_code_any_which_way(coupon, shop):
    typed = "  " + "-".join(coupon.code[i : i + 4] for i in range(0, 16, 4)).lower() + " "
    assert coupon_code_normalise(typed) == coupon.code
    assert coupon_redeem(actor=shop, code=typed, reference="SHOP-1").coupon.pk == coupon.pk


def test_the_same_reference_again_is_the_same_redemption(coupon, shop):
    first = coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-7")
    again = coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-7")

    assert again.replayed
    assert again.redemption.pk == first.redemption.pk
    assert Coupon.objects.get(pk=coupon.pk).uses == 1
    assert CouponRedemption.objects.count() == 1


def test_a_single_use_coupon_refuses_a_second_order(coupon, shop):
    coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-1")
    with pytest.raises(ValidationError) as exc:
        coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-2")
    assert exc.value.message_dict == {"code": ["This coupon has already been used."]}
    assert Coupon.objects.get(pk=coupon.pk).uses == 1


def test_a_multi_use_coupon_works_as_often_as_it_says(grant, shop):
    coupon = Coupon.objects.get(gesture=grant("Coupon: $15 off, three times").gesture)
    for n in range(3):
        coupon_redeem(actor=shop, code=coupon.code, reference=f"SHOP-{n}")
    with pytest.raises(ValidationError):
        coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-3")
    assert Coupon.objects.get(pk=coupon.pk).uses == 3


@pytest.mark.parametrize("code", ["", "ABCD", "0000-1111-2222-3333", "AAAAAAAAAAAAAAAA"])
def test_an_unknown_code_is_refused_on_the_code_field(coupon, shop, code):
    with pytest.raises(ValidationError) as exc:
        coupon_redeem(actor=shop, code=code, reference="SHOP-1")
    assert exc.value.message_dict == {"code": ["No coupon has this code."]}


def test_an_expired_code_is_refused(coupon, shop):
    Coupon.objects.filter(pk=coupon.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-1")
    assert "expired" in exc.value.message_dict["code"][0]
    assert not CouponRedemption.objects.exists()


@pytest.mark.parametrize(("currency", "field"), [("EUR", "currency"), ("ZZZ", "currency")])
def test_the_basket_currency_must_match(coupon, shop, currency, field):
    with pytest.raises(ValidationError) as exc:
        coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-1", currency=currency)
    assert set(exc.value.message_dict) == {field}


@pytest.mark.parametrize("reference", ["", "   ", "x" * 101])
def test_a_reference_is_required(coupon, shop, reference):
    with pytest.raises(ValidationError) as exc:
        coupon_redeem(actor=shop, code=coupon.code, reference=reference)
    assert set(exc.value.message_dict) == {"reference"}


def test_the_use_is_counted_by_the_database_not_by_what_was_read(coupon, shop, monkeypatch):
    """Where a row lock does not exist (SQLite) the conditional update still holds the line.

    Simulate the race: the redeeming call reads the coupon as still unused,
    while another redemption has in fact already been counted.
    """
    stale = Coupon.objects.get(pk=coupon.pk)
    coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-1")

    class StaleRead:
        def filter(self, **kwargs):
            return self

        def first(self):
            return stale

    monkeypatch.setattr(Coupon.objects, "select_for_update", lambda: StaleRead())
    with pytest.raises(ValidationError) as exc:
        coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-2")
    assert "already been used" in exc.value.message_dict["code"][0]
    assert CouponRedemption.objects.count() == 1


def _race(coupon: Coupon, shop, references: list[str]) -> list[str]:
    """Redeem ``coupon`` once per reference, all at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(references))
    outcomes: list[str] = []

    def redeem(reference: str) -> None:
        try:
            barrier.wait()
            coupon_redeem(actor=shop, code=coupon.code, reference=reference)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["code"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=redeem, args=(reference,)) for reference in references]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_redemptions_of_a_single_use_code_give_exactly_one_success(grant, shop):
    coupon = Coupon.objects.get(gesture=grant("Coupon: $20 off").gesture)
    for round_ in range(5):
        Coupon.objects.filter(pk=coupon.pk).update(uses=0)
        CouponRedemption.objects.filter(coupon=coupon).delete()

        outcomes = _race(coupon, shop, [f"SHOP-{round_}-a", f"SHOP-{round_}-b"])

        assert sorted(outcomes) == ["This coupon has already been used.", "ok"]
        assert Coupon.objects.get(pk=coupon.pk).uses == 1
        assert CouponRedemption.objects.filter(coupon=coupon).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_a_retried_redemption_racing_itself_uses_the_coupon_once(grant, shop):
    coupon = Coupon.objects.get(gesture=grant("Coupon: $20 off").gesture)
    barrier = threading.Barrier(3)
    replayed: list[bool] = []

    def redeem() -> None:
        try:
            barrier.wait()
            replayed.append(coupon_redeem(actor=shop, code=coupon.code, reference="SHOP-SAME").replayed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=redeem) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(replayed) == [False, True, True]
    assert Coupon.objects.get(pk=coupon.pk).uses == 1
