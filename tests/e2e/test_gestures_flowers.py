"""Journey 5 in a real browser: a bereavement on the customer, the page suggests flowers, the rep
grants them with a card, and they wait in the fulfilment queue until someone ships them."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, ConversationFactory, CustomerFactory, LifeMomentFactory
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import Shipment
from wowdesk.gestures.starter import install_starter_catalogue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_grant_flowers_after_a_loss_and_find_them_in_the_fulfilment_queue(live_server, page: Page, rep, team):
    install_starter_catalogue()
    customer = CustomerFactory.create(
        name="Marguerite Oduya", address_line1="14 Juniper Close", city="Savannah", region="GA", postal_code="31401"
    )
    LifeMomentFactory.create(
        customer=customer,
        kind=LifeMoment.Kind.BEREAVEMENT,
        happened_on=timezone.localdate(),
        note="Her husband Raymond died; the boots were his present.",
        recorded_by=rep,
    )
    conversation = ConversationFactory.create(team=team, customer=customer, assignee=rep, subject="Return of boots")

    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    page.get_by_label("Username").fill(rep.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Return of boots")

    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text("Flowers with a card, from all of us")
    expect(suggestion).to_contain_text("Bereavement")
    suggestion.get_by_label("Card text").fill("Dear Marguerite, we are thinking of you. Pilar and all of us")
    suggestion.get_by_role("button", name="Grant Flowers with a card").click()

    expect(page.locator(".messages")).to_contain_text("Flowers with a card granted (45.00 USD).")
    expect(page.locator("#timeline")).to_contain_text("Wow gesture granted: Flowers with a card")
    expect(page.locator("#panel-gestures")).to_contain_text("already granted")

    page.get_by_role("link", name="Fulfilment").click()
    row = page.get_by_test_id("shipment-row").filter(has_text="Flowers with a card")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Marguerite Oduya")
    expect(row).to_contain_text("14 Juniper Close")
    expect(row).to_contain_text("To prepare")
    expect(row).to_contain_text("we are thinking of you")

    row.get_by_label("Carrier").fill("Savannah Blooms")
    row.get_by_label("Tracking number").fill("FL-20417")
    row.get_by_role("button", name="Mark shipped").click()
    expect(page).to_have_url(re.compile(r"/gestures/fulfilment/"))
    shipped = page.get_by_test_id("shipment-row").filter(has_text="Flowers with a card")
    expect(shipped).to_contain_text("Shipped")
    expect(shipped).to_contain_text("FL-20417")
    assert Shipment.objects.get().state == "shipped"
