"""Property tests: whatever JSON a client sends to a create endpoint, the API
answers 2xx or a 4xx naming a field, and a 4xx leaves no row behind."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ConversationFactory, CustomerFactory
from wowdesk.conversations.models import Call, Conversation, Tag, TimelineEntry
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle
from wowdesk.orders.models import Order, OrderItem, ProblemReport

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MODELS = (
    Customer,
    CustomerEmail,
    CustomerPhone,
    SocialHandle,
    RapportNote,
    LifeMoment,
    Conversation,
    TimelineEntry,
    Tag,
    Call,
    Order,
    OrderItem,
    ProblemReport,
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(min_size=250, max_size=400),
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _maybe(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly plausible values, sometimes anything at all."""
    return st.one_of(plausible, plausible, json_values)


def _payload(required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]) -> Any:
    shaped = st.fixed_dictionaries(
        {k: _maybe(v) for k, v in required.items()}, optional={k: _maybe(v) for k, v in optional.items()}
    )
    return st.one_of(shaped, shaped, shaped, json_values)


def _counts() -> tuple[int, ...]:
    return tuple(model._default_manager.count() for model in MODELS)


def _check(response: Any, before: tuple[int, ...]) -> None:
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.status_code in (400, 422), response.content
        detail = response.json()["detail"]
        assert detail
        assert all(isinstance(e["field"], str) and e["field"] and isinstance(e["message"], str) for e in detail)
        assert _counts() == before
    else:
        assert response.status_code == 201
        assert _counts() != before


short_text = st.text(max_size=40)
emails = st.emails() | short_text
dates = st.dates().map(lambda d: d.isoformat()) | short_text
money = st.decimals(min_value=-10, max_value=10**10, places=2, allow_nan=False).map(str) | st.integers(-5, 10**12)


@PROPERTY_SETTINGS
@given(
    payload=_payload(
        {"name": short_text},
        {
            "preferred_name": short_text,
            "country": st.text(max_size=3),
            "language": short_text,
            "emails": st.lists(emails, max_size=3),
            "phones": st.lists(short_text, max_size=3),
            "social_handles": st.lists(
                st.fixed_dictionaries({"network": st.sampled_from(["x", "bluesky", "myspace"]), "handle": short_text}),
                max_size=2,
            ),
        },
    )
)
def test_customer_create_never_fails_on_input(rep_api, payload):
    before = _counts()
    _check(rep_api.post("/customers", payload), before)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_conversation_create_never_fails_on_input(rep, rep_api, team, data):
    customer = CustomerFactory.create()
    payload = data.draw(
        _payload(
            {
                "customer_id": st.sampled_from([customer.pk, 0, 999_999]),
                "channel": st.sampled_from(["email", "phone", "pigeon"]),
                "subject": short_text,
            },
            {
                "body": st.text(max_size=200),
                "body_html": st.text(max_size=200).map(lambda t: f"<p>{t}</p><script>x</script>"),
                "direction": st.sampled_from(["inbound", "outbound", "sideways"]),
                "team_id": st.sampled_from([team.pk, None, 999_999]),
                "assignee_id": st.sampled_from([rep.pk, None, 999_999]),
                "priority": st.sampled_from(["low", "urgent", "whenever"]),
                "tags": st.lists(st.text(max_size=60), max_size=4),
            },
        )
    )
    before = _counts()
    _check(rep_api.post("/conversations", payload), before)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_order_create_never_fails_on_input(rep_api, data):
    customer = CustomerFactory.create()
    item = st.fixed_dictionaries(
        {"description": short_text, "unit_price": money},
        optional={"sku": short_text, "quantity": st.integers(-2, 2**40)},
    )
    payload = data.draw(
        _payload(
            {"number": short_text, "items": st.lists(_maybe(item), max_size=3)},
            {
                "currency": st.sampled_from(["USD", "eur", "XYZ", ""]),
                "status": st.sampled_from(["placed", "lost", "eaten"]),
                "placed_at": st.datetimes().map(lambda d: d.isoformat()) | st.just("2026-01-01T00:00:00Z"),
            },
        )
    )
    before = _counts()
    _check(rep_api.post(f"/customers/{customer.pk}/orders", payload), before)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_life_moment_create_never_fails_on_input(rep_api, team, data):
    conversation = ConversationFactory.create(team=team)
    other = ConversationFactory.create(team=team)
    payload = data.draw(
        _payload(
            {"kind": st.sampled_from(["moving", "new_baby", "promotion"]), "happened_on": dates},
            {"note": st.text(max_size=600), "conversation_id": st.sampled_from([conversation.pk, other.pk, None, 0])},
        )
    )
    before = _counts()
    _check(rep_api.post(f"/customers/{conversation.customer_id}/life-moments", payload), before)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_reply_never_fails_on_input(rep_api, team, data):
    conversation = ConversationFactory.create(team=team)
    payload = data.draw(
        _payload(
            {"body": st.text(max_size=200)},
            {"status": st.sampled_from(["open", "waiting", "resolved", "asleep", None])},
        )
    )
    before = _counts()
    _check(rep_api.post(f"/conversations/{conversation.pk}/replies", payload), before)
