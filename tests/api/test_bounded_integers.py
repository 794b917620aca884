"""Every integer the API accepts has an upper bound, so a huge number is a 422 naming the field,
never an overflow in the database (SQLite and PostgreSQL store at most 64-bit integers)."""

from __future__ import annotations

from typing import Any

import pytest

from wowdesk.api.main import api
from wowdesk.core.fields import MAX_INT


def _unbounded(node: Any, where: str, schemas: dict[str, Any], seen: set[str]) -> list[str]:
    """Integer schemas under ``node`` with no maximum (following $refs once each)."""
    if isinstance(node, list):
        return [hit for i, item in enumerate(node) for hit in _unbounded(item, f"{where}[{i}]", schemas, seen)]
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _unbounded(schemas[name], name, schemas, seen)
    found = []
    if node.get("type") == "integer" and not ("maximum" in node and node["maximum"] <= MAX_INT) and "enum" not in node:
        found.append(where)
    for key, value in node.items():
        if key == "properties":
            found += [hit for prop, sub in value.items() for hit in _unbounded(sub, f"{where}.{prop}", schemas, seen)]
        elif isinstance(value, dict | list):
            found += _unbounded(value, where, schemas, seen)
    return found


def test_every_integer_the_api_accepts_is_bounded():
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    unbounded: list[str] = []
    inputs = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                inputs += 1
                name = f"{method.upper()} {path} {parameter['in']} {parameter['name']}"
                unbounded += _unbounded(parameter.get("schema", {}), name, components, set())
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                inputs += 1
                unbounded += _unbounded(media.get("schema", {}), f"{method.upper()} {path} body", components, set())
    assert inputs > 100  # the check really read the schema's inputs
    assert unbounded == []


@pytest.mark.django_db
def test_a_huge_number_is_a_422_naming_the_field(lead_api, lead):
    huge = 10**30
    page = lead_api.get(f"/conversations?limit={huge}")
    days = lead_api.put(
        f"/teams/{lead.team_id}/card-time", {"minutes": 15, "weekdays": [1, huge], "starts_at": "09:00"}
    )
    fine = lead_api.put(f"/teams/{lead.team_id}/card-time", {"minutes": 15, "weekdays": [1, 3], "starts_at": "09:00"})

    assert page.status_code == 422
    assert page.json()["detail"][0]["field"] == "limit"
    assert days.status_code == 422
    assert "weekdays" in days.json()["detail"][0]["field"]
    assert fine.status_code == 200
