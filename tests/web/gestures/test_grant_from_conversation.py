"""Granting from the conversation page: the compact panel, suggestions, the full form, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import LifeMomentFactory
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import Coupon, Gesture, Shipment

pytestmark = pytest.mark.django_db


def page(conversation) -> str:
    return reverse("conversations:detail", args=[conversation.pk])


def grant_url(conversation) -> str:
    return reverse("gestures:grant", args=[conversation.pk])


def test_the_conversation_page_offers_a_grant_action(rep_client, conversation, items):
    text = rep_client.get(page(conversation)).text
    assert 'id="panel-gestures"' in text
    assert "Grant a Wow gesture" in text
    assert f'action="{grant_url(conversation)}"' in text
    assert "Flowers with a card (Physical gift)" in text


def test_a_bereavement_makes_the_page_suggest_flowers(rep_client, conversation, customer, items):
    LifeMomentFactory.create(
        customer=customer, kind=LifeMoment.Kind.BEREAVEMENT, happened_on=timezone.localdate(), note="Her husband"
    )
    text = rep_client.get(page(conversation)).text
    assert 'data-testid="suggestion"' in text
    assert "Flowers with a card, from all of us" in text
    assert "Grant Flowers with a card" in text


def test_granting_from_the_panel_lands_on_the_timeline_and_the_customer(rep_client, conversation, customer, items):
    response = rep_client.post(
        grant_url(conversation),
        {"item": items["Tin of cookies"].pk, "reason": "delight", "why": "Race day cheer", "idempotency_key": "k1"},
        follow=True,
    )

    assert response.redirect_chain[-1][0].startswith(page(conversation))
    assert "Tin of cookies granted (22.00 USD)." in response.text
    gesture = Gesture.objects.get()
    assert Shipment.objects.get(gesture=gesture).state == "to_prepare"
    event = TimelineEntry.objects.get(event_type=EventType.GESTURE_GRANTED)
    assert f'id="entry-{event.pk}"' in response.text
    assert "Wow gesture granted: Tin of cookies (22.00 USD): Race day cheer" in response.text
    profile = rep_client.get(reverse("customers:detail", args=[customer.pk])).text
    assert "Race day cheer" in profile
    assert reverse("gestures:detail", args=[gesture.pk]) in profile


def test_pressing_grant_twice_grants_once(rep_client, conversation, items):
    data = {"item": items["Tin of cookies"].pk, "reason": "delight", "why": "Cheer", "idempotency_key": "same"}
    rep_client.post(grant_url(conversation), data)
    rep_client.post(grant_url(conversation), data)
    assert Gesture.objects.count() == 1


def test_a_coupon_grant_shows_the_code_to_give_the_customer(rep_client, conversation, items):
    response = rep_client.post(
        grant_url(conversation),
        {"item": items["Coupon: $20 off"].pk, "reason": "mistake", "why": "Late parcel"},
        follow=True,
    )
    code = Coupon.objects.get().display_code
    assert f"Give the customer this code: {code}" in response.text


def test_a_refund_for_the_customers_order_from_the_panel(rep_client, conversation, order, items):
    response = rep_client.post(
        grant_url(conversation),
        {
            "item": items["Refund"].pk,
            "reason": "goodwill",
            "why": "Tyres we never sold",
            "order": order.pk,
            "amount": "80",
        },
    )
    assert response.status_code == 302
    assert Gesture.objects.get().order_record.amount == 80


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"why": ""}, "why", "This field is required."),
        ({"amount": "abc"}, "amount", "Enter a number."),
        ({"amount": "-3"}, "amount", "Must not be negative."),
        ({"currency": "XXX"}, "currency", "Select a valid choice."),
    ],
)
def test_bad_input_re_renders_the_grant_form_with_the_error_and_stores_nothing(
    rep_client, conversation, items, data, field, message
):
    post = {"item": items["Coupon: $20 off"].pk, "reason": "delight", "why": "Because", **data}
    response = rep_client.post(grant_url(conversation), post)
    assert response.status_code == 400
    assert message in response.text
    assert field in response.context["form"].errors
    assert not Gesture.objects.exists()


def test_a_refund_larger_than_the_order_is_refused_on_the_form(rep_client, conversation, order, items):
    post = {"item": items["Refund"].pk, "reason": "mistake", "why": "x", "order": order.pk, "amount": "900"}
    response = rep_client.post(grant_url(conversation), post)
    assert response.status_code == 400
    assert "more than is left to give back" in response.text
    assert not Gesture.objects.exists()


def test_someone_who_cannot_see_the_conversation_cannot_grant_on_it(outsider_client, conversation, items):
    response = outsider_client.post(grant_url(conversation), {"item": items["Coupon: $20 off"].pk, "why": "x"})
    assert response.status_code == 404
    assert outsider_client.get(grant_url(conversation)).status_code == 404
    assert not Gesture.objects.exists()


def test_the_full_grant_form_can_be_prefilled(rep_client, conversation, items):
    flowers = items["Flowers with a card"]
    response = rep_client.get(grant_url(conversation), {"item": flowers.pk, "why": "After the loss"})
    assert response.status_code == 200
    assert response.context["form"]["item"].value() == str(flowers.pk)
    assert 'value="After the loss"' in response.text
    assert 'name="ship_to"' in response.text


def test_the_panel_lists_what_was_granted_here(rep_client, conversation, grant):
    gesture = grant("Flowers with a card").gesture
    text = rep_client.get(page(conversation)).text
    assert "Granted in this conversation" in text
    assert reverse("gestures:detail", args=[gesture.pk]) in text


def test_refunding_an_item_we_never_sold_by_choosing_the_line(rep_client, conversation, order, items):
    tyres = order.items.get(sku="")
    text = rep_client.get(page(conversation)).text
    assert "WD-555 · Winter tyres (not sold by us) · 80.00 USD" in text

    response = rep_client.post(
        grant_url(conversation),
        {
            "item": items["Refund"].pk,
            "reason": "goodwill",
            "why": "We want to be the store you trust",
            "order_item": tyres.pk,
        },
    )

    assert response.status_code == 302
    record = Gesture.objects.get().order_record
    assert (record.order, record.order_item, record.amount) == (order, tyres, Decimal("80.00"))


def test_an_order_line_of_another_customer_is_refused(rep_client, conversation, items):
    from tests.factories import OrderItemFactory

    elsewhere = OrderItemFactory.create()
    post = {"item": items["Refund"].pk, "reason": "goodwill", "why": "x", "order_item": elsewhere.pk}
    response = rep_client.post(grant_url(conversation), post)
    assert response.status_code == 400
    assert not Gesture.objects.exists()
