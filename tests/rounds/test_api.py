"""The JSON API: a day's items, the days gone by, the actions on an item, and generating now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import api_client_for, fields
from tests.factories import ConversationFactory
from wowdesk.rounds.models import Audience, ItemStatus, Round, RoundItem, Source
from wowdesk.rounds.services import round_item_claim, round_item_complete

pytestmark = pytest.mark.django_db
AUTH = 1  # the token lookup


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


@pytest.fixture
def teammate_api(teammate):
    return api_client_for(teammate)


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


def test_todays_items_are_listed_with_their_links_and_people(rep_api, item, rep):
    thing = item(title="Ring about the boots", source=Source.WAITING)
    round_item_claim(actor=rep, item=thing)

    body = rep_api.get("/round-items").json()

    assert body["next_cursor"] is None
    [listed] = body["items"]
    assert listed["id"] == thing.pk
    assert listed["day"] == timezone.localdate().isoformat()
    assert listed["title"] == "Ring about the boots"
    assert listed["source"] == "waiting"
    assert listed["source_label"] == "Conversation waiting on us"
    assert listed["url"] == f"/conversations/{thing.conversation_id}/"
    assert listed["status"] == "claimed"
    assert listed["claimed_by"] == {"id": rep.pk, "display_name": "Rita Reyes"}
    assert thing.conversation is not None
    assert listed["customer"]["id"] == thing.conversation.customer_id


def test_any_days_items_and_filters(rep_api, item, rep):
    old_day = timezone.localdate() - dt.timedelta(days=3)
    old = item(day=old_day, source=Source.MENTION)
    round_item_complete(actor=rep, item=old, note="Replied to her post.")
    item()

    assert [i["id"] for i in rep_api.get("/round-items", {"day": old_day.isoformat()}).json()["items"]] == []
    done = rep_api.get("/round-items", {"day": old_day.isoformat(), "state": "done"}).json()["items"]
    assert [(i["id"], i["note"]) for i in done] == [(old.pk, "Replied to her post.")]
    assert rep_api.get("/round-items", {"source": "mention"}).json()["items"] == []
    assert rep_api.get("/round-items", {"mine": "true", "state": "all"}).json()["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"day": "yesterday"}, "day"),
        ({"day": "2026-02-30"}, "day"),
        ({"source": "pigeon"}, "source"),
        ({"state": "soon"}, "state"),
        ({"mine": "perhaps"}, "mine"),
        ({"limit": "0"}, "limit"),
        ({"cursor": "WyJ4IiwxXQ"}, "cursor"),
    ],
)
def test_bad_list_input_is_a_422_naming_the_field(rep_api, item, query, field):
    item()
    response = rep_api.get("/round-items", query)
    assert response.status_code == 422
    assert fields(response) == {field}


def test_hidden_and_missing_items_are_404(rep_api, item, other_team):
    hidden = item(conversation=ConversationFactory.create(team=other_team))
    for pk in (hidden.pk, 999_999, 2**70):
        assert rep_api.get(f"/round-items/{pk}").status_code == 404
        assert rep_api.post(f"/round-items/{pk}/claim").status_code == 404
        assert rep_api.post(f"/round-items/{pk}/complete", {"note": "x"}).status_code == 404
    assert RoundItem.objects.get().status == ItemStatus.OPEN


def test_claim_then_the_second_claim_is_told_who_won(rep_api, teammate_api, item):
    thing = item()

    won = rep_api.post(f"/round-items/{thing.pk}/claim")
    lost = teammate_api.post(f"/round-items/{thing.pk}/claim")

    assert won.status_code == 200
    assert won.json()["claimed_by"]["display_name"] == "Rita Reyes"
    assert lost.status_code == 422
    assert lost.json()["detail"] == [{"field": "item", "message": "Rita Reyes has already claimed this."}]


def test_complete_skip_and_release(rep_api, teammate_api, lead_api, item):
    first, second, third = item(), item(), item()

    done = rep_api.post(f"/round-items/{first.pk}/complete", {"note": "Sent a replacement pair."})
    skipped = rep_api.post(f"/round-items/{second.pk}/skip", {"reason": "She asked us not to call."})
    rep_api.post(f"/round-items/{third.pk}/claim")
    refused = teammate_api.post(f"/round-items/{third.pk}/release")
    released = lead_api.post(f"/round-items/{third.pk}/release")

    assert (done.status_code, done.json()["status"], done.json()["note"]) == (200, "done", "Sent a replacement pair.")
    assert done.json()["finished_by"]["display_name"] == "Rita Reyes"
    assert (skipped.status_code, skipped.json()["status"]) == (200, "skipped")
    assert refused.status_code == 403
    assert (released.status_code, released.json()["status"], released.json()["claimed_by"]) == (200, "open", None)


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("complete", {}, "note"),
        ("complete", {"note": "   "}, "note"),
        ("complete", {"note": "x" * 2001}, "note"),
        ("complete", {"note": 5}, "note"),
        ("complete", {"note": "a\x00b"}, "note"),
        ("skip", {"note": "wrong field"}, "reason"),
        ("skip", {"reason": ""}, "reason"),
        ("release", {}, "item"),
    ],
)
def test_bad_action_input_is_a_422_naming_the_field(rep_api, item, action, body, field):
    thing = item()
    response = rep_api.post(f"/round-items/{thing.pk}/{action}", body)
    assert response.status_code == 422
    assert fields(response) == {field}
    assert RoundItem.objects.get().status == ItemStatus.OPEN


def test_a_body_that_is_not_json_is_a_400(rep_api, item):
    thing = item()
    response = rep_api.post_raw(f"/round-items/{thing.pk}/complete", "{not json")
    assert response.status_code == 400
    assert fields(response) == {"body"}


def test_generating_now_is_201_then_200(rep_api, sources):
    sources.waiting(days=3)

    first = rep_api.post("/rounds")
    second = rep_api.post("/rounds")

    assert first.status_code == 201
    assert first.json()["created"] is True
    assert first.json()["added"] == 1
    assert first.json()["round"]["day"] == timezone.localdate().isoformat()
    assert first.json()["round"]["generated_by"]["display_name"] == "Rita Reyes"
    assert (second.status_code, second.json()["created"], second.json()["added"]) == (200, False, 0)
    assert Round.objects.count() == 1


def test_the_days_gone_by_with_their_tallies(rep_api, item, rep):
    old_day = timezone.localdate() - dt.timedelta(days=1)
    round_item_complete(actor=rep, item=item(day=old_day), note="Done.")
    item(day=old_day)
    item()

    days = rep_api.get("/rounds").json()["items"]

    assert [(d["round"]["day"], d["tally"]) for d in days] == [
        (timezone.localdate().isoformat(), {"open": 1, "claimed": 0, "done": 0, "skipped": 0, "total": 1}),
        (old_day.isoformat(), {"open": 1, "claimed": 0, "done": 1, "skipped": 0, "total": 2}),
    ]


def test_anonymous_callers_get_401(client):
    assert client.get("/api/round-items").status_code == 401
    assert client.post("/api/rounds", content_type="application/json").status_code == 401


# Whatever a client sends, the answer is never a server error, a 4xx names a field, and a 4xx writes nothing.

PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.text(min_size=1990, max_size=2100),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _snapshot() -> list[tuple[object, ...]]:
    return list(RoundItem.objects.order_by("id").values_list("status", "note", "claimed_by", "finished_by"))


def _check(response, before: list[tuple[object, ...]], field: str) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.status_code in (400, 422)
        detail = response.json()["detail"]
        assert detail
        assert all(isinstance(e["field"], str) and e["field"] for e in detail)
        assert {e["field"] for e in detail} <= {field, "body", "__all__"}
        assert _snapshot() == before
    else:
        assert response.status_code == 200
        assert _snapshot() != before


@PROPERTY_SETTINGS
@given(data=st.data())
def test_complete_never_fails_on_input(rep_api, item, data):
    thing = item()
    payload = data.draw(st.one_of(st.fixed_dictionaries({"note": st.text(max_size=2100) | json_values}), json_values))
    before = _snapshot()
    _check(rep_api.post(f"/round-items/{thing.pk}/complete", payload), before, "note")


@PROPERTY_SETTINGS
@given(data=st.data())
def test_skip_never_fails_on_input(rep_api, item, data):
    thing = item()
    payload = data.draw(st.one_of(st.fixed_dictionaries({"reason": st.text(max_size=2100) | json_values}), json_values))
    before = _snapshot()
    _check(rep_api.post(f"/round-items/{thing.pk}/skip", payload), before, "reason")


# Query counts: list endpoints cost the same for N and 3N rows.

N = 4


@pytest.fixture
def pinned(rep_api, django_assert_num_queries) -> Callable[..., None]:
    def check(path: str, add_rows: Callable[[int], None], expected: int, params: dict | None = None) -> None:
        query = {"limit": 100, **(params or {})}
        add_rows(N)
        rep_api.get(path, query)
        with CaptureQueriesContext(connection) as ctx:
            first = rep_api.get(path, query)
        assert len(ctx.captured_queries) == expected
        add_rows(2 * N)
        with django_assert_num_queries(expected):
            second = rep_api.get(path, query)
        assert len(second.json()["items"]) == len(first.json()["items"]) + 2 * N

    return check


def test_the_item_list_queries_are_constant(pinned, item, rep):
    def add(n: int) -> None:
        for _ in range(n):
            round_item_complete(actor=rep, item=item(), note="Done.")

    pinned("/round-items", add, AUTH + 1, {"state": "all"})


def test_the_round_list_queries_are_constant(pinned, item):
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            item(
                day=timezone.localdate() - dt.timedelta(days=next(counter)), audience=Audience.STAFF, conversation=None
            )

    pinned("/rounds", add, AUTH + 2)
