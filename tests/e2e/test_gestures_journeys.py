"""Three more Wow-gesture journeys, walked through the real pages in a browser.

- Journey 2: a refund for tyres the customer bought elsewhere, granted on the spot, no approval.
- Journey 3: a child's lost toy figure: a reply written for a child, a free replacement, and the
  parcel followed in the fulfilment queue until it is delivered.
- Journey 6: a custom package for a young customer in hospital, put together in a huddle with a
  colleague from another department, who becomes a sidekick without seeing the conversation.

Only the starting data comes from factories; every step after that is a click or a form fill.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.factories import (
    TEST_PASSWORD,
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    OrderFactory,
    OrderItemFactory,
    TimelineEntryFactory,
    UserFactory,
)
from wowdesk.accounts.models import Department, User
from wowdesk.conversations.models import EntryKind
from wowdesk.gestures.models import Contribution, Gesture, HuddleMember, OrderRecord, Shipment, Sidekick
from wowdesk.gestures.starter import install_starter_catalogue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, user: User) -> None:
    """Fill the login form the page was sent to."""
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def open_grant_form(page: Page) -> Locator:
    """Unfold "Grant a Wow gesture" in the conversation's side panel and return its form."""
    panel = page.locator("#panel-gestures")
    panel.get_by_text("Grant a Wow gesture", exact=True).click()
    form = panel.get_by_role("form", name="Grant a Wow gesture")
    expect(form).to_be_visible()
    return form


def test_a_refund_for_tyres_we_never_sold(live_server, page: Page, rep, team):
    install_starter_catalogue()
    customer = CustomerFactory.create(name="Dolores Achterberg")
    order = OrderFactory.create(customer=customer, number="WD-2024", total=Decimal("215.00"))
    OrderItemFactory.create(order=order, description="Hiking boots", sku="HIK-44", unit_price=Decimal("135.00"))
    tyres = OrderItemFactory.create(order=order, description="Winter tyres", sku="", unit_price=Decimal("80.00"))
    assert not tyres.sold_by_us
    conversation = ConversationFactory.create(team=team, customer=customer, assignee=rep, subject="Returning tyres")
    TimelineEntryFactory.create(
        conversation=conversation,
        kind=EntryKind.INBOUND,
        body="Hello, I would like to return the winter tyres. I bought them at the garage next door.",
    )

    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    log_in(page, rep)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Returning tyres")
    expect(page.locator("#timeline")).to_contain_text("I bought them at the garage next door")

    form = open_grant_form(page)
    expect(page.locator("#panel-gestures")).to_contain_text("No approval needed")
    form.get_by_label("Gesture").select_option(label="Refund (Refund)")
    form.get_by_label("Reason").select_option(label="Goodwill: not our fault, our pleasure")
    form.get_by_label("Why").fill("we want to be the store you trust")
    form.get_by_label("Item on the order").select_option(label="WD-2024 · Winter tyres (not sold by us) · 80.00 USD")
    form.get_by_role("button", name="Grant", exact=True).click()

    # Granted at once: no approval step, no page in between, straight back to the conversation.
    expect(page).to_have_url(re.compile(rf"/conversations/{conversation.pk}/"))
    expect(page.locator(".messages")).to_contain_text("Refund granted (80.00 USD).")
    expect(page.locator("#timeline")).to_contain_text(
        "Wow gesture granted: Refund (80.00 USD): we want to be the store you trust"
    )
    granted = page.locator("#panel-gestures .wow-granted")
    expect(granted.get_by_role("link", name="Refund")).to_be_visible()
    expect(granted).to_contain_text("Issued")

    # The customer's profile lists it, with its why and cost.
    page.get_by_role("link", name="Dolores Achterberg").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dolores Achterberg")
    on_profile = page.locator("#gestures .gesture-row").filter(has_text="Refund")
    expect(on_profile).to_have_count(1)
    expect(on_profile).to_contain_text("we want to be the store you trust")
    expect(on_profile).to_contain_text("80.00 USD")

    # And so does the gestures page, for everyone to read.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Gestures").click()
    expect(page).to_have_url(re.compile(r"/gestures/$"))
    on_list = page.locator("#gesture-results .gesture-row").filter(has_text="Refund")
    expect(on_list).to_have_count(1)
    expect(on_list).to_contain_text("we want to be the store you trust")
    expect(on_list).to_contain_text("Goodwill: not our fault, our pleasure")
    expect(on_list).to_contain_text("80.00 USD")
    expect(on_list).to_contain_text("Dolores Achterberg")

    gesture = Gesture.objects.get()
    assert (gesture.kind, gesture.why, gesture.cost, gesture.granted_by) == (
        "refund",
        "we want to be the store you trust",
        Decimal("80.00"),
        rep,
    )
    record = OrderRecord.objects.get(gesture=gesture)
    assert (record.order_item, record.amount, record.state) == (tyres, Decimal("80.00"), "issued")


def test_a_new_toy_figure_for_a_child_who_lost_theirs(live_server, page: Page, rep, team):
    install_starter_catalogue()
    child = CustomerFactory.create(
        name="Leo Marchetti", address_line1="7 Orchard Lane", city="Burlington", region="VT", postal_code="05401"
    )
    CustomerEmailFactory.create(customer=child, email="giulia.marchetti@example.com")  # his mother's address
    order = OrderFactory.create(customer=child, number="WD-3141", total=Decimal("24.00"))
    toy = OrderItemFactory.create(
        order=order, description="Captain Comet figure", sku="TOY-CC1", unit_price=Decimal("24.00")
    )
    conversation = ConversationFactory.create(team=team, customer=child, assignee=rep, subject="I lost Captain Comet")
    TimelineEntryFactory.create(
        conversation=conversation,
        kind=EntryKind.INBOUND,
        body="Hi it is Leo, I am 6, mum is helping me type. I lost Captain Comet at the beach. He is my best one.",
    )

    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    log_in(page, rep)
    expect(page.get_by_role("heading", level=1)).to_contain_text("I lost Captain Comet")

    reply = (
        "Hi Leo! Captain Comet must be off on a big space adventure. "
        "We are sending a brand new Captain Comet to your house. Look out for a box with your name on it!"
    )
    page.get_by_label("Reply to the customer").fill(reply)
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#timeline .entry-outbound")).to_contain_text("We are sending a brand new Captain Comet")

    form = open_grant_form(page)
    form.get_by_label("Gesture").select_option(label="Free replacement (Free replacement)")
    form.get_by_label("Reason").select_option(label="Just to delight")
    form.get_by_label("Why").fill("Leo lost his favourite figure at the beach")
    form.get_by_label("Personal message or card text").fill("Captain Comet found his way home to you, Leo!")
    form.get_by_label("Item on the order").select_option(label="WD-3141 · Captain Comet figure · 24.00 USD")
    form.get_by_role("button", name="Grant", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("Free replacement granted (24.00 USD).")
    expect(page.locator("#timeline")).to_contain_text("Wow gesture granted: Free replacement")

    page.get_by_role("link", name="Fulfilment").click()
    row = page.get_by_test_id("shipment-row").filter(has_text="Free replacement")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Leo Marchetti")
    expect(row).to_contain_text("7 Orchard Lane")
    expect(row).to_contain_text("To prepare")
    expect(row).to_contain_text("Captain Comet found his way home to you")
    records = page.get_by_test_id("record-row").filter(has_text="Replacement")
    expect(records).to_contain_text("WD-3141")
    expect(records).to_contain_text("Captain Comet figure")

    row.get_by_label("Carrier").fill("USPS")
    row.get_by_label("Tracking number").fill("9400-1118-CC")
    row.get_by_role("button", name="Mark shipped").click()
    expect(page.locator(".messages")).to_contain_text("Free replacement: Shipped.")
    shipped = page.get_by_test_id("shipment-row").filter(has_text="Free replacement")
    expect(shipped).to_contain_text("Shipped")
    expect(shipped).to_contain_text("USPS 9400-1118-CC")
    expect(shipped.get_by_role("button", name="Mark shipped")).to_have_count(0)

    shipped.get_by_role("button", name="Mark delivered").click()
    expect(page.locator(".messages")).to_contain_text("Free replacement: Delivered.")
    # Delivered is done: the parcel leaves the open queue...
    expect(page.get_by_test_id("shipment-row").filter(has_text="Free replacement")).to_have_count(0)
    # ...and is found among the delivered ones.
    page.locator("form.filters").get_by_label("Parcels").select_option("delivered")
    page.get_by_role("button", name="Show", exact=True).click()
    delivered = page.get_by_test_id("shipment-row").filter(has_text="Free replacement")
    expect(delivered).to_have_count(1)
    expect(delivered).to_contain_text("Delivered")
    expect(delivered.get_by_role("button", name="Mark delivered")).to_have_count(0)

    delivered.get_by_role("link", name="Free replacement").click()
    expect(page.get_by_test_id("state")).to_have_text("Delivered")
    expect(page.locator("#audit")).to_contain_text("Shipped → Delivered")

    shipment = Shipment.objects.select_related("gesture").get()
    assert shipment.state == "delivered"
    assert shipment.delivered_at is not None
    assert (shipment.carrier, shipment.tracking_number) == ("USPS", "9400-1118-CC")
    assert shipment.gesture.conversation_id == conversation.pk
    record = OrderRecord.objects.get(gesture=shipment.gesture)
    assert (record.kind, record.order_item) == ("replacement", toy)
    assert conversation.entries.filter(kind=EntryKind.OUTBOUND, body__contains="Hi Leo!").count() == 1


def test_a_custom_package_put_together_with_another_department(live_server, page: Page, rep, team):
    install_starter_catalogue()
    hania = CustomerFactory.create(
        name="Hania Wolska", address_line1="3 Birch Road", city="Madison", region="WI", postal_code="53703"
    )
    conversation = ConversationFactory.create(team=team, customer=hania, assignee=rep, subject="Hania is in hospital")
    TimelineEntryFactory.create(
        conversation=conversation,
        kind=EntryKind.INBOUND,
        body="Our daughter Hania (8) will be in the children's ward for a few weeks. She misses her sneakers.",
    )
    kids = Department.objects.create(name="Kids' Shoes", slug="kids-shoes")
    helper = UserFactory.create(
        username="charlotte", first_name="Charlotte", last_name="Brandt", team=None, department=kids
    )

    page.goto(f"{live_server.url}/conversations/{conversation.pk}/")
    log_in(page, rep)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hania is in hospital")

    # The compact panel has no address fields; the full form does, and the package goes to the ward.
    open_grant_form(page).get_by_role("link", name="More options (address, cost, currency)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grant a Wow gesture to Hania Wolska")
    page.get_by_label("Gesture").select_option(label="Custom package (Custom package)")
    page.get_by_label("Reason").select_option(label="A life moment")
    page.get_by_label("Why").fill("Hania is spending weeks in hospital")
    page.get_by_label("Package contents").fill("Glow-in-the-dark slippers, a colouring book and a card from the team")
    page.get_by_label("Cost to us").fill("35")
    page.get_by_label("Recipient").fill("Hania Wolska, Ward 4B")
    page.get_by_label("Send to").fill("St. Clare Children's Hospital\n700 Lake Street\nMadison, WI 53703")
    page.get_by_role("button", name="Grant", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/conversations/{conversation.pk}/"))
    expect(page.locator(".messages")).to_contain_text("Custom package granted (35.00 USD).")
    page.locator("#panel-gestures .wow-granted").get_by_role("link", name="Custom package").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Custom package")
    expect(page.locator(".facts").first).to_contain_text("Glow-in-the-dark slippers")
    expect(page.locator("#shipment")).to_contain_text("St. Clare Children's Hospital")
    gesture_url = page.url
    # The rep, on the conversation's team, gets the links the helper must not.
    conversation_link = page.locator(f'a[href="/conversations/{conversation.pk}/"]')
    expect(conversation_link).to_have_count(1)
    expect(page.get_by_role("link", name="Tell this story")).to_be_visible()

    huddle = page.locator("#huddle")
    huddle.get_by_label("What are you putting together?").fill("A get-well box for Hania's stay in hospital")
    huddle.get_by_role("button", name="Open a huddle").click()
    expect(page.locator(".messages")).to_contain_text("Huddle opened.")
    expect(huddle).to_contain_text("A get-well box for Hania's stay in hospital")
    huddle.get_by_label("Invite").select_option(label="Charlotte Brandt — Kids' Shoes")
    huddle.get_by_role("button", name="Invite", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Charlotte Brandt is in the huddle.")
    expect(huddle.locator(".huddle-members")).to_contain_text("Charlotte Brandt")
    expect(huddle.locator(".sidekicks")).not_to_contain_text("Charlotte Brandt")

    # The helper logs in on the same browser and finds the package.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("Username")).to_be_visible()
    page.goto(gesture_url)
    log_in(page, helper)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Custom package")
    expect(page.locator(".usermenu")).to_contain_text("Charlotte Brandt")

    # Not her team's conversation: named, but no link to a page that would only say "not found".
    facts = page.locator(".facts").first
    expect(facts).to_contain_text("another team's conversation")
    expect(facts).to_contain_text("Hania is in hospital")
    expect(page.get_by_role("link", name=re.compile("Hania is in hospital"))).to_have_count(0)
    expect(conversation_link).to_have_count(0)
    expect(page.get_by_role("link", name="Tell this story")).to_have_count(0)

    huddle = page.locator("#huddle")
    huddle.get_by_label("Kind").select_option(label="Item for the package")
    huddle.get_by_label("What you are adding").fill("Light-up high-tops in her size, signed by the Kids' Shoes team")
    huddle.get_by_role("button", name="Add to the package").click()
    expect(page.locator(".messages")).to_contain_text("Added. Thank you for helping.")
    expect(huddle.locator(".contributions")).to_contain_text("Light-up high-tops in her size")
    expect(huddle.locator(".contributions")).to_contain_text("Charlotte Brandt")
    sidekicks = huddle.locator(".sidekicks")
    expect(sidekicks).to_contain_text("Charlotte Brandt")
    expect(sidekicks).to_contain_text("Kids' Shoes")

    gesture = Gesture.objects.get()
    assert gesture.kind == "custom_package"
    assert gesture.description == "Glow-in-the-dark slippers, a colouring book and a card from the team"
    assert gesture.cost == Decimal("35.00")
    assert Shipment.objects.get(gesture=gesture).recipient == "Hania Wolska, Ward 4B"
    assert HuddleMember.objects.filter(huddle__gesture=gesture, user=helper, invited_by=rep).exists()
    assert list(Sidekick.objects.filter(gesture=gesture).values_list("user", flat=True)) == [helper.pk]
    contribution = Contribution.objects.get()
    assert (contribution.author, contribution.kind) == (helper, "item")
