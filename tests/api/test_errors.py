"""Bad input is a 4xx naming the field, never a 500; the error body has one shape."""

from __future__ import annotations

import base64
import json

import pytest

from tests.api.conftest import fields
from tests.factories import ConversationFactory, CustomerFactory
from wowdesk.customers.models import Customer

pytestmark = pytest.mark.django_db


def _cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_body_that_is_not_json_is_400_on_body(rep_api):
    response = rep_api.post_raw("/customers", "{not json")
    assert response.status_code == 400
    assert fields(response) == {"body"}


def test_oversized_body_is_413_on_body(rep_api):
    response = rep_api.post_raw("/customers", '{"name": "' + "x" * 3_000_000 + '"}')
    assert response.status_code == 413
    assert fields(response) == {"body"}


def test_body_that_is_not_utf8_is_400_on_body(rep_api):
    response = rep_api.client.generic(
        "POST", "/api/customers", b'{"name": "\xff\xfe"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert fields(response) == {"body"}


def test_json_that_is_not_an_object_is_422(rep_api):
    response = rep_api.post_raw("/customers", "[1, 2]")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_wrong_types_are_422_naming_each_field(rep_api):
    response = rep_api.post("/customers", {"name": 5, "emails": "nope", "social_handles": [{"network": "x"}]})
    assert response.status_code == 422
    assert fields(response) == {"name", "emails", "social_handles[0].handle"}


def test_huge_strings_are_422_not_a_database_error(rep_api):
    response = rep_api.post("/customers", {"name": "x" * 100_000})
    assert response.status_code == 422
    assert fields(response) == {"name"}
    assert not Customer.objects.exists()


def test_nul_characters_are_refused_because_postgresql_cannot_store_them(rep_api):
    response = rep_api.post("/customers", {"name": "Ann\x00"})
    assert response.status_code == 422
    assert fields(response) == {"name"}


def test_unknown_enum_value_is_422_naming_the_field(rep_api):
    conversation = ConversationFactory.create()
    response = rep_api.post(f"/conversations/{conversation.pk}/status", {"status": "exploded"})
    assert response.status_code == 422
    assert fields(response) == {"status"}


def test_service_validation_error_is_422_naming_the_field(rep_api):
    response = rep_api.post("/customers", {"name": "   "})
    assert response.status_code == 422
    assert fields(response) == {"name"}


def test_missing_and_huge_ids_in_the_url_are_404(rep_api):
    for pk in (0, 999_999, 2**63 - 1, 2**70):
        response = rep_api.get(f"/customers/{pk}")
        assert response.status_code == 404, pk
        assert fields(response) == {"__all__"}


def test_huge_id_in_the_body_is_422_naming_the_field(rep_api):
    response = rep_api.post("/conversations", {"customer_id": 2**70, "channel": "email", "subject": "Hi"})
    assert response.status_code == 422
    assert fields(response) == {"customer_id"}


@pytest.mark.parametrize("limit", ["0", "-1", "101", "abc", "1e3"])
def test_invalid_limit_is_422_on_limit(rep_api, limit):
    response = rep_api.get("/customers", {"limit": limit})
    assert response.status_code == 422
    assert fields(response) == {"limit"}


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        _cursor("not a list"),
        _cursor(["a"]),
        _cursor([{"dt": "yesterday"}, 1]),
        _cursor([{"dt": "2026-01-01T00:00:00"}, 1]),  # no time zone
        _cursor(["Ann", "not an id"]),
        _cursor(["Ann", 2**70]),
        _cursor(["Ann", [1, 2]]),
        _cursor(["Ann\x00", 1]),
        _cursor([{"dt": "2026-01-01T00:00:00+00:00"}, 1, 2]),
    ],
)
def test_bad_cursor_is_422_on_cursor(rep_api, cursor):
    CustomerFactory.create_batch(3)
    response = rep_api.get("/customers", {"cursor": cursor, "limit": 1})
    assert response.status_code == 422, response.content
    assert fields(response) == {"cursor"}


def test_cursor_with_a_value_of_the_wrong_kind_for_the_sort_key_is_422(rep_api):
    ConversationFactory.create_batch(2)
    response = rep_api.get("/conversations", {"cursor": _cursor(["Ann", 1])})
    assert response.status_code == 422
    assert fields(response) == {"cursor"}


def test_unknown_filter_values_are_422_naming_the_filter(rep_api):
    for name in ("scope", "status", "channel", "sort"):
        response = rep_api.get("/conversations", {name: "bogus"})
        assert response.status_code == 422, name
        assert fields(response) == {name}


def test_unknown_method_is_405(rep_api):
    response = rep_api.client.delete("/api/conversations")
    assert response.status_code == 405
