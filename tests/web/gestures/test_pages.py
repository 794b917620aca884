"""The gestures page, a gesture's page, the fulfilment queue and the moves posted from them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConversationFactory, CustomerFactory, UserFactory
from wowdesk.accounts.models import Department
from wowdesk.gestures.models import GestureAudit, OrderRecord, Shipment, Sidekick
from wowdesk.gestures.services import gesture_grant, huddle_open

pytestmark = pytest.mark.django_db

LIST = reverse("gestures:list")
QUEUE = reverse("gestures:queue")


def detail(gesture) -> str:
    return reverse("gestures:detail", args=[gesture.pk])


def test_the_gestures_page_shows_why_cost_and_state(lead_client, grant):
    grant("Flowers with a card", why="After her loss")
    grant("Coupon: $20 off", why="Late parcel", reason="mistake")

    text = lead_client.get(LIST).text

    for shown in ("After her loss", "45.00 USD", "To prepare", "Late parcel", "20.00 USD", "Issued"):
        assert shown in text
    assert "Spend by month" in text
    assert "Spend by reason" in text
    assert "Customers who received several" in text
    assert "We got something wrong" in text


def test_nothing_on_the_gestures_page_can_block_or_undo(lead_client, grant):
    grant("Flowers with a card")
    text = lead_client.get(LIST).text
    main = text[text.index('<main id="main">') :]  # the page header keeps its log-out form
    assert not re.search(r'<form[^>]*method="post"', main, re.IGNORECASE)
    assert not re.search(r"hx-(post|put|patch|delete)", main)


def test_filters_and_bad_filters(lead_client, grant, teammate):
    grant("Flowers with a card", why="Mine")
    grant("Tin of cookies", why="Theirs", actor=teammate)

    text = lead_client.get(LIST, {"rep": teammate.pk}).text
    assert "Theirs" in text
    assert "Mine" not in text
    assert "Theirs" not in lead_client.get(LIST, {"kind": "coupon"}).text
    bad = lead_client.get(LIST, {"month": "26-1"})
    assert bad.status_code == 400
    assert "month: Give the month as YYYY-MM" in bad.text
    assert lead_client.get(LIST, {"team": "abc"}).status_code == 400


def test_the_htmx_request_gets_only_the_results(lead_client, grant):
    grant("Flowers with a card")
    response = lead_client.get(LIST, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="gesture-results">')


def test_the_gestures_page_query_count_does_not_grow(lead_client, items, team, django_assert_num_queries):
    def add(n: int) -> None:
        for _ in range(n):
            conversation = ConversationFactory.create(team=team, customer=CustomerFactory.create(city="Leeds"))
            gesture_grant(
                actor=UserFactory.create(team=team), conversation=conversation, item=items["Tin of cookies"], why="x"
            )

    add(2)
    lead_client.get(LIST)
    # session, user, the page's ids and its rows, months, reasons, two reads for repeat customers,
    # teams, reps
    with django_assert_num_queries(10):
        lead_client.get(LIST)
    add(6)
    with django_assert_num_queries(10):
        lead_client.get(LIST)


def test_a_gestures_page_shows_its_audit_trail_and_is_hidden_from_other_teams(rep_client, outsider_client, grant):
    gesture = grant("Flowers with a card", why="After her loss", message="With love").gesture
    text = rep_client.get(detail(gesture)).text
    assert "Audit trail" in text
    assert "After her loss" in text
    assert "With love" in text
    assert "Mark shipped" in text
    assert outsider_client.get(detail(gesture)).status_code == 404


def test_the_queue_highlights_late_work(rep_client, grant, order):
    late = grant("Tin of cookies", why="Late one").gesture
    grant("Handwritten note", why="On time")
    Shipment.objects.filter(gesture=late).update(ship_by=timezone.now() - dt.timedelta(hours=2))
    refund = grant("Refund", order=order, amount="10", why="Refund").gesture
    OrderRecord.objects.filter(gesture=refund).update(due_by=timezone.now() - dt.timedelta(days=1))

    text = rep_client.get(QUEUE).text

    assert text.count('class="queue-row overdue"') == 2
    assert text.index("Late one") < text.index("On time")
    assert "1 late" in text
    only_late = rep_client.get(QUEUE, {"overdue": "1"}).text
    assert "Late one" in only_late
    assert "On time" not in only_late
    assert rep_client.get(QUEUE, {"shipments": "lost"}).status_code == 400


def test_the_queue_filters_speak_words_and_keep_their_values(rep_client):
    text = rep_client.get(QUEUE, {"shipments": "to_prepare"}).text

    assert '<option value="to_prepare" selected>To prepare</option>' in text
    assert '<option value="open" >Not done yet</option>' in text
    assert '<option value="all" >All</option>' in text
    assert ">to_prepare<" not in text


def test_the_queue_query_count_does_not_grow(rep_client, grant, order, django_assert_num_queries):
    def add(n: int) -> None:
        for _ in range(n):
            grant("Tin of cookies")
            grant("Refund", order=order, amount="1")

    add(2)
    rep_client.get(QUEUE)
    # session, user, parcels, records, two counts
    with django_assert_num_queries(6):
        rep_client.get(QUEUE)
    add(6)
    with django_assert_num_queries(6):
        rep_client.get(QUEUE)


def test_shipping_from_the_queue_comes_back_to_the_queue(rep_client, grant):
    shipment = Shipment.objects.get(gesture=grant("Flowers with a card").gesture)
    url = reverse("gestures:shipment_move", args=[shipment.pk])

    response = rep_client.post(url, {"state": "shipped", "tracking_number": "1Z9", "carrier": "UPS", "next": QUEUE})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert Shipment.objects.get(pk=shipment.pk).state == "shipped"


def test_an_illegal_move_is_a_400_naming_the_problem(rep_client, grant):
    shipment = Shipment.objects.get(gesture=grant("Flowers with a card").gesture)
    response = rep_client.post(reverse("gestures:shipment_move", args=[shipment.pk]), {"state": "delivered"})
    assert response.status_code == 400
    assert "cannot become delivered" in response.text
    missing = rep_client.post(reverse("gestures:shipment_move", args=[shipment.pk]), {"state": "shipped"})
    assert missing.status_code == 400
    assert "tracking number" in missing.text
    assert Shipment.objects.get(pk=shipment.pk).state == "to_prepare"


def test_completing_and_failing_a_refund_from_the_page(rep_client, grant, order):
    record = OrderRecord.objects.get(gesture=grant("Refund", order=order).gesture)
    url = reverse("gestures:order_record_move", args=[record.pk])

    assert rep_client.post(url, {"state": "failed"}).status_code == 400
    assert rep_client.post(url, {"state": "failed", "note": "Card closed"}).status_code == 302
    assert rep_client.post(url, {"state": "issued"}).status_code == 302
    assert rep_client.post(url, {"state": "completed"}).status_code == 302
    assert OrderRecord.objects.get(pk=record.pk).state == "completed"
    assert GestureAudit.objects.filter(gesture=record.gesture).count() == 4


def test_a_huddle_from_the_page(rep_client, login, grant, rep):
    package = grant("Custom package", description="Shoes, cards, gifts").gesture
    kids = Department.objects.create(name="Kids' Shoes", slug="kids-shoes")
    helper = UserFactory.create(team=None, department=kids, first_name="Charlotte")

    assert rep_client.post(reverse("gestures:huddle_invite", args=[package.pk]), {"user": helper.pk}).status_code == 404
    assert rep_client.post(reverse("gestures:huddle_open", args=[package.pk]), {"purpose": ""}).status_code == 400
    assert (
        rep_client.post(reverse("gestures:huddle_open", args=[package.pk]), {"purpose": "For Hania"}).status_code == 302
    )
    assert rep_client.post(reverse("gestures:huddle_invite", args=[package.pk]), {"user": helper.pk}).status_code == 302

    helper_client = login(helper)
    page = helper_client.get(detail(package))
    assert page.status_code == 200
    assert "Charlotte" in page.text
    contributed = helper_client.post(
        reverse("gestures:huddle_contribute", args=[package.pk]), {"kind": "item", "description": "Light-up high-tops"}
    )
    assert contributed.status_code == 302
    assert list(Sidekick.objects.values_list("user", flat=True)) == [helper.pk]
    text = helper_client.get(detail(package)).text
    assert "Light-up high-tops" in text
    assert "Sidekicks" in text
    # The helper sees the gesture, not the team's conversation: no link that would answer 404.
    assert reverse("conversations:detail", args=[package.conversation_id]) not in text
    assert "another team's conversation" in text
    assert reverse("legends:capture") not in text
    assert helper_client.get(reverse("conversations:detail", args=[package.conversation_id])).status_code == 404
    owner_text = rep_client.get(detail(package)).text
    assert reverse("conversations:detail", args=[package.conversation_id]) in owner_text
    assert f"{reverse('legends:capture')}?gesture={package.pk}" in owner_text


def test_a_gesture_page_runs_a_fixed_number_of_queries(rep_client, grant, rep, django_assert_num_queries):
    from wowdesk.gestures.services import huddle_contribute, huddle_invite

    gesture = grant("Custom package", description="Socks").gesture
    huddle = huddle_open(actor=rep, gesture=gesture, purpose="Socks for all")

    def helpers(n: int) -> None:
        for _ in range(n):
            helper = UserFactory.create(team=None)
            huddle_invite(actor=rep, huddle=huddle, user=helper)
            huddle_contribute(actor=helper, huddle=huddle, kind="item", description="Striped socks")

    helpers(1)
    rep_client.get(detail(gesture))
    # session, user, gesture, audit, sidekicks, huddle, members, contributions, invite choices
    with django_assert_num_queries(9):
        rep_client.get(detail(gesture))
    helpers(4)
    with django_assert_num_queries(9):
        rep_client.get(detail(gesture))
    assert Sidekick.objects.count() == 5
