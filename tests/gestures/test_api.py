"""The gestures JSON API: grants with idempotency keys, coupons for the shop, the fulfilment queue,
huddles, the catalogue, spend; one error shape; lists at a constant query count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.conftest import api_client_for, fields
from tests.factories import ConversationFactory, CustomerFactory, LifeMomentFactory, OrderFactory, UserFactory
from wowdesk.accounts.models import Department
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import Coupon, Gesture, GestureAudit, OrderRecord, Shipment
from wowdesk.gestures.services import catalogue_item_retire, huddle_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


def _grant(api, conversation, item, **body):
    headers = body.pop("headers", {})
    return api.client.post(
        f"/api/conversations/{conversation.pk}/gestures",
        {"item_id": item.pk, "why": "It was our mistake.", **body},
        content_type="application/json",
        headers=headers,
    )


def test_granting_answers_201_with_the_gesture_and_its_coupon(rep_api, conversation, items, rep):
    response = _grant(rep_api, conversation, items["Coupon: $20 off"], reason="mistake", message="Sorry!")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["granted_by"]["id"] == rep.pk
    assert body["customer"]["id"] == conversation.customer_id
    assert (body["cost"], body["currency"], body["state"], body["reason"]) == ("20.00", "USD", "issued", "mistake")
    code = body["coupon"]["code"]
    assert len(code) == 19
    assert code.count("-") == 3
    assert body["coupon"]["uses_left"] == 1
    assert "Idempotent-Replayed" not in response.headers


def test_a_retried_post_with_the_same_key_returns_the_first_result_and_creates_nothing(rep_api, conversation, items):
    first = _grant(rep_api, conversation, items["Tin of cookies"], headers={"Idempotency-Key": "abc-123"})
    rows = (Gesture.objects.count(), Shipment.objects.count(), GestureAudit.objects.count())

    again = _grant(rep_api, conversation, items["Tin of cookies"], headers={"Idempotency-Key": "abc-123"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (Gesture.objects.count(), Shipment.objects.count(), GestureAudit.objects.count()) == rows


def test_the_same_key_for_a_different_request_is_a_422_on_the_key(rep_api, conversation, items):
    _grant(rep_api, conversation, items["Tin of cookies"], headers={"Idempotency-Key": "k"})
    response = _grant(rep_api, conversation, items["Handwritten note"], headers={"Idempotency-Key": "k"})
    assert response.status_code == 422
    assert fields(response) == {"Idempotency-Key"}
    assert Gesture.objects.count() == 1


def test_a_grant_on_a_conversation_the_caller_cannot_see_is_404_and_stores_nothing(outsider, conversation, items):
    response = _grant(api_client_for(outsider), conversation, items["Coupon: $20 off"])
    assert response.status_code == 404
    assert response.json()["detail"][0]["field"] == "__all__"
    assert not Gesture.objects.exists()


@pytest.mark.parametrize(
    ("item", "body", "field"),
    [
        ("Coupon: $20 off", {"amount": "-5"}, "amount"),
        ("Coupon: $20 off", {"amount": "abc"}, "amount"),
        ("Coupon: $20 off", {"amount": "1.2345"}, "amount"),
        ("Coupon: $20 off", {"currency": "QQQ"}, "currency"),
        ("Coupon: $20 off", {"why": ""}, "why"),
        ("Coupon: $20 off", {"reason": "because"}, "reason"),
        ("Coupon: $20 off", {"expires_at": "2030-01-01T00:00:00"}, "expires_at"),
        ("Refund", {}, "order_id"),
        ("Refund", {"order_id": 999_999}, "order_id"),
        ("Refund", {"order_item_id": 5}, "order_id"),
    ],
)
def test_bad_grants_are_422_naming_the_field(rep_api, conversation, items, item, body, field):
    response = _grant(rep_api, conversation, items[item], **body)
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not Gesture.objects.exists()


def test_a_refund_larger_than_the_order_is_422(rep_api, conversation, items, order):
    response = _grant(rep_api, conversation, items["Refund"], order_id=order.pk, amount="250.00")
    assert response.status_code == 422
    assert fields(response) == {"amount"}
    assert "more than is left" in response.json()["detail"][0]["message"]


def test_a_refund_for_something_we_never_sold(rep_api, conversation, items, order):
    tyres = order.items.get(sku="")
    response = _grant(rep_api, conversation, items["Refund"], order_id=order.pk, order_item_id=tyres.pk)
    assert response.status_code == 201, response.content
    record = response.json()["order_record"]
    assert (record["amount"], record["state"], record["order_item_id"]) == ("80.00", "issued", tyres.pk)


def test_an_unknown_or_retired_item_is_422_on_item_id(rep_api, conversation, items):
    assert fields(_grant(rep_api, conversation, items["Refund"], item_id=999_999)) == {"item_id"}
    catalogue_item_retire(item=items["Tin of cookies"])
    assert fields(_grant(rep_api, conversation, items["Tin of cookies"])) == {"item_id"}


def test_reading_a_gesture_its_audit_and_the_customers_gestures(rep_api, grant, conversation, outsider):
    gesture = grant("Flowers with a card").gesture

    assert rep_api.get(f"/gestures/{gesture.pk}").json()["shipment"]["state"] == "to_prepare"
    audit = rep_api.get(f"/gestures/{gesture.pk}/audit").json()["items"]
    assert [row["action"] for row in audit] == ["granted"]
    listed = rep_api.get(f"/customers/{conversation.customer_id}/gestures").json()["items"]
    assert [row["id"] for row in listed] == [gesture.pk]
    assert api_client_for(outsider).get(f"/gestures/{gesture.pk}").status_code == 404


def test_the_gesture_list_filters_and_rejects_bad_months(rep_api, grant, rep, teammate):
    mine = grant("Tin of cookies").gesture
    grant("Coupon: $20 off", actor=teammate)
    assert [g["id"] for g in rep_api.get("/gestures", {"rep_id": rep.pk}).json()["items"]] == [mine.pk]
    assert [g["id"] for g in rep_api.get("/gestures", {"kind": "gift"}).json()["items"]] == [mine.pk]
    bad = rep_api.get("/gestures", {"month": "2026-13"})
    assert bad.status_code == 422
    assert fields(bad) == {"month"}


def test_the_summary_shows_spend_by_month_reason_and_repeat_customers(lead_api, grant, customer):
    grant("Coupon: $20 off", reason="mistake")
    grant("Tin of cookies", reason="delight")
    body = lead_api.get("/gesture-summary").json()
    month = timezone.localtime().strftime("%Y-%m")
    assert body["by_month"] == [{"month": month, "currency": "USD", "total": "42.00", "count": 2}]
    assert {r["reason"]: r["total"] for r in body["by_reason"]} == {"mistake": "20.00", "delight": "22.00"}
    assert body["repeat_customers"][0]["customer"]["name"] == customer.name


def test_suggestions_and_sidekicks_of_a_conversation(rep_api, rep, grant, conversation, customer, items):
    LifeMomentFactory.create(customer=customer, kind=LifeMoment.Kind.BEREAVEMENT, happened_on=timezone.localdate())
    [suggestion] = rep_api.get(f"/conversations/{conversation.pk}/gesture-suggestions").json()["items"]
    assert suggestion["item"]["name"] == "Flowers with a card"
    assert suggestion["moment"]["kind"] == "bereavement"

    package = grant("Custom package", description="Cards and gifts").gesture
    huddle = huddle_open(actor=rep, gesture=package, purpose="For Hania")
    helper = UserFactory.create(team=None, department=Department.objects.create(name="Kids' Shoes", slug="kids"))
    api_client_for(rep).post(f"/gestures/{package.pk}/huddle/members", {"user_id": helper.pk})
    contribution = api_client_for(helper).post(
        f"/gestures/{package.pk}/huddle/contributions", {"kind": "vendor_item", "description": "Stickers"}
    )
    assert contribution.status_code == 201, contribution.content
    sidekicks = rep_api.get(f"/conversations/{conversation.pk}/sidekicks").json()["items"]
    assert [(s["user"]["id"], s["department"]) for s in sidekicks] == [(helper.pk, "Kids' Shoes")]
    body = rep_api.get(f"/gestures/{package.pk}/huddle").json()
    assert body["id"] == huddle.pk
    assert [m["user"]["id"] for m in body["members"]] == [rep.pk, helper.pk]
    assert [s["id"] for s in body["sidekicks"]] == [helper.pk]


def test_huddle_errors(rep_api, grant):
    package = grant("Custom package", description="Cards").gesture
    assert rep_api.get(f"/gestures/{package.pk}/huddle").status_code == 404
    assert rep_api.post(f"/gestures/{package.pk}/huddle", {"purpose": "x"}).status_code == 201
    again = rep_api.post(f"/gestures/{package.pk}/huddle", {"purpose": "again"})
    assert (again.status_code, fields(again)) == (422, {"huddle"})
    assert fields(rep_api.post(f"/gestures/{package.pk}/huddle/members", {"user_id": 999_999})) == {"user_id"}
    assert fields(
        rep_api.post(f"/gestures/{package.pk}/huddle/contributions", {"kind": "poem", "description": "x"})
    ) == {"kind"}


# Coupons, as the shop uses them


@pytest.fixture
def shop_api(team):
    return api_client_for(UserFactory.create(username="shop", team=None))


@pytest.fixture
def code(grant) -> str:
    return Coupon.objects.get(gesture=grant("Coupon: $20 off").gesture).display_code


def test_the_shop_checks_and_redeems_a_code_once(shop_api, code):
    assert shop_api.get(f"/coupons/{code.lower()}").json()["state"] == "issued"
    first = shop_api.post("/coupon-redemptions", {"code": code, "reference": "SHOP-1"})
    assert first.status_code == 201
    assert (first.json()["replayed"], first.json()["coupon"]["uses"]) == (False, 1)

    retry = shop_api.post("/coupon-redemptions", {"code": code, "reference": "SHOP-1"})
    assert (retry.status_code, retry.json()["replayed"], retry.headers["Idempotent-Replayed"]) == (201, True, "true")
    second = shop_api.post("/coupon-redemptions", {"code": code, "reference": "SHOP-2"})
    assert second.status_code == 422
    assert second.json()["detail"] == [{"field": "code", "message": "This coupon has already been used."}]
    assert shop_api.get(f"/coupons/{code}").json()["state"] == "used"


def test_unknown_and_expired_codes_are_refused(shop_api, code):
    assert shop_api.get("/coupons/NOPE").status_code == 404
    unknown = shop_api.post("/coupon-redemptions", {"code": "WXYZ-WXYZ-WXYZ-WXYZ", "reference": "S"})
    assert (unknown.status_code, fields(unknown)) == (422, {"code"})
    Coupon.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
    expired = shop_api.post("/coupon-redemptions", {"code": code, "reference": "S"})
    assert (expired.status_code, fields(expired)) == (422, {"code"})
    assert "expired" in expired.json()["detail"][0]["message"]
    missing = shop_api.post("/coupon-redemptions", {"code": code})
    assert (missing.status_code, fields(missing)) == (422, {"reference"})


# The fulfilment queue


def test_moving_a_parcel_and_refusing_an_illegal_move(rep_api, grant):
    shipment = Shipment.objects.get(gesture=grant("Flowers with a card").gesture)
    url = f"/fulfilment/shipments/{shipment.pk}/moves"

    illegal = rep_api.post(url, {"state": "delivered"})
    assert (illegal.status_code, fields(illegal)) == (422, {"state"})
    no_tracking = rep_api.post(url, {"state": "shipped"})
    assert (no_tracking.status_code, fields(no_tracking)) == (422, {"tracking_number"})
    shipped = rep_api.post(url, {"state": "shipped", "tracking_number": "1Z", "carrier": "UPS"})
    assert shipped.status_code == 200
    assert (shipped.json()["state"], shipped.json()["next_states"]) == ("shipped", ["delivered", "returned"])
    assert rep_api.post(url, {"state": "lost"}).status_code == 422
    assert rep_api.get("/fulfilment/shipments", {"view": "shipped"}).json()["items"][0]["id"] == shipment.pk
    assert fields(rep_api.get("/fulfilment/shipments", {"view": "nowhere"})) == {"view"}


def test_completing_a_refund_and_refusing_to_reopen_it(rep_api, grant, order):
    record = OrderRecord.objects.get(gesture=grant("Refund", order=order).gesture)
    url = f"/fulfilment/order-records/{record.pk}/moves"
    assert rep_api.post(url, {"state": "completed"}).json()["state"] == "completed"
    again = rep_api.post(url, {"state": "issued"})
    assert (again.status_code, fields(again)) == (422, {"state"})
    assert rep_api.get(f"/fulfilment/order-records/{record.pk}").json()["completed_at"]


def test_another_teams_parcel_is_404(grant, outsider):
    shipment = Shipment.objects.get(gesture=grant("Flowers with a card").gesture)
    outsider_api = api_client_for(outsider)
    assert outsider_api.get(f"/fulfilment/shipments/{shipment.pk}").status_code == 404
    moved = outsider_api.post(
        f"/fulfilment/shipments/{shipment.pk}/moves", {"state": "shipped", "tracking_number": "x"}
    )
    assert moved.status_code == 404
    assert Shipment.objects.get(pk=shipment.pk).state == "to_prepare"


# The catalogue


def test_everyone_reads_the_catalogue_but_only_admins_change_it(rep_api, items, admin_user):
    listed = rep_api.get("/gesture-catalogue", {"limit": 100}).json()["items"]
    assert {i["name"] for i in listed} == set(items)
    assert rep_api.post("/gesture-catalogue", {"name": "Socks", "kind": "gift"}).status_code == 403

    admin_api = api_client_for(admin_user)
    created = admin_api.post("/gesture-catalogue", {"name": "Socks", "kind": "gift", "cost": "6.50"})
    assert created.status_code == 201, created.content
    assert created.json()["fulfilment"] == "shipment"
    bad = admin_api.post("/gesture-catalogue", {"name": "Yen", "kind": "coupon", "currency": "YYY"})
    assert (bad.status_code, fields(bad)) == (422, {"currency"})
    retired = admin_api.post(f"/gesture-catalogue/{created.json()['id']}/retire")
    assert retired.json()["retired_at"]
    assert "Socks" not in {i["name"] for i in rep_api.get("/gesture-catalogue", {"limit": 100}).json()["items"]}
    assert "Socks" in {
        i["name"] for i in rep_api.get("/gesture-catalogue", {"limit": 100, "include_retired": True}).json()["items"]
    }


# Query counts: the same for N rows as for 3N

N = 3
AUTH = 1


@pytest.fixture
def pinned(django_assert_num_queries):
    def check(api, path: str, add_rows: Callable[[int], None], expected: int, params: dict | None = None) -> None:
        query = {"limit": 100, **(params or {})}
        add_rows(N)
        assert api.get(path, query).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            first = api.get(path, query)
        assert len(ctx.captured_queries) == expected, [q["sql"][:120] for q in ctx.captured_queries]
        add_rows(2 * N)
        with django_assert_num_queries(expected):
            second = api.get(path, query)
        assert len(second.json()["items"]) == len(first.json()["items"]) + 2 * N

    return check


@pytest.fixture
def many(grant, items, team):
    """``many(n, name)``: n gestures of ``name``, each for a new customer by a new rep of the team."""

    def add(n: int, name: str = "Flowers with a card", **kwargs) -> None:
        from wowdesk.gestures.services import gesture_grant

        for _ in range(n):
            customer = CustomerFactory.create(city="Leeds")
            conversation = ConversationFactory.create(team=team, customer=customer)
            rep = UserFactory.create(team=team)
            extra = dict(kwargs)
            if name == "Refund":
                extra["order"] = OrderFactory.create(customer=customer)
            gesture_grant(actor=rep, conversation=conversation, item=items[name], why="Why not", **extra)

    return add


def test_gesture_list_queries_are_constant(pinned, rep_api, many):
    # The page's ids, then its rows with their joins (``paginate(ids_first=True)``).
    pinned(rep_api, "/gestures", many, AUTH + 2)


def test_customer_gesture_list_queries_are_constant(pinned, rep_api, grant):
    pinned(
        rep_api,
        f"/customers/{grant('Tin of cookies').gesture.customer_id}/gestures",
        lambda n: [grant("Coupon: $20 off") for _ in range(n)],
        AUTH + 2,
    )


def test_shipment_queue_queries_are_constant(pinned, rep_api, many):
    pinned(rep_api, "/fulfilment/shipments", many, AUTH + 1)


def test_order_record_queue_queries_are_constant(pinned, rep_api, many):
    pinned(rep_api, "/fulfilment/order-records", lambda n: many(n, "Refund"), AUTH + 1)


def test_audit_queries_are_constant(pinned, rep_api, grant, rep):
    shipment = Shipment.objects.get(gesture=grant("Flowers with a card").gesture)

    def add(n: int) -> None:
        from wowdesk.gestures.services import audit as audit_services

        for _ in range(n):
            audit_services.audit_record(gesture=shipment.gesture, action="shipment_changed", actor=UserFactory.create())

    pinned(rep_api, f"/gestures/{shipment.gesture_id}/audit", add, AUTH + 2)


def test_catalogue_queries_are_constant(pinned, rep_api, items, admin_user):
    from wowdesk.gestures.services import catalogue_item_create

    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            catalogue_item_create(name=f"Gift {next(counter)}", kind="gift")

    pinned(rep_api, "/gesture-catalogue", add, AUTH + 1)
