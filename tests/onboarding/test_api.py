"""The onboarding API: the whole stint over JSON, errors by field, nothing written on error, flat list queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import api_client_for, fields
from tests.factories import UserFactory
from tests.onboarding.conftest import at, call, days_ago, sign_off
from wowdesk.onboarding.models import CheckIn, MilestoneTick, PhoneStint, StintExtension

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MODELS = (PhoneStint, CheckIn, MilestoneTick, StintExtension)


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


@pytest.fixture
def coach_api(coach):
    return api_client_for(coach)


def test_from_the_first_day_to_graduation(lead_api, coach_api, hire, coach):
    created = lead_api.post(
        "/onboarding/stints", {"hire_id": hire.pk, "coach_id": coach.pk, "starts_on": days_ago(27).isoformat()}
    )
    assert created.status_code == 201, created.json()
    stint = created.json()
    assert (stint["status"], stint["week"], stint["planned_weeks"], stint["length_days"]) == ("on_the_phones", 4, 4, 28)
    assert stint["home_title"] == "Analyst"
    assert [w["number"] for w in stint["weeks"]] == [1, 2, 3, 4]
    assert stint["weeks"][0]["grades"] == {"A": 0, "B": 0, "C": 0, "D": 0, "F": 0}
    pk = stint["id"]

    check_in = coach_api.post(f"/onboarding/stints/{pk}/check-ins", {"note": "Takes his time with callers."})
    assert check_in.status_code == 201
    assert check_in.json()["week"] == 4
    tick = coach_api.post(f"/onboarding/stints/{pk}/milestones", {"milestone": "coach_sign_off", "note": "Ready."})
    assert tick.status_code == 201
    assert tick.json()["done"] is True

    extended = lead_api.post(f"/onboarding/stints/{pk}/extend", {"days": 7, "reason": "One week of billing."})
    assert extended.json()["status"] == "extended"
    graduated = lead_api.post(f"/onboarding/stints/{pk}/graduate", {"note": "Congratulations, Felix."})
    assert graduated.status_code == 200, graduated.json()
    assert graduated.json()["status"] == "completed"
    assert graduated.json()["graduated_by"]["id"] is not None


def test_the_detail_has_the_weeks_facts_and_the_list_has_none(stint, hire, lead_api):
    call(hire, at(stint.starts_on + dt.timedelta(days=1)), minutes=45)

    detail = lead_api.get(f"/onboarding/stints/{stint.pk}").json()
    assert detail["weeks"][0]["calls"] == 1
    assert detail["weeks"][0]["call_seconds"] == 45 * 60
    assert detail["total"]["conversations"] == 1
    assert [m["key"] for m in detail["milestones"] if m["done"]] == ["solo_call"]

    [row] = lead_api.get("/onboarding/stints").json()["items"]
    assert row["id"] == stint.pk
    assert row["milestones_done"] == 1
    assert not {"weeks", "total", "calls", "call_seconds"} & set(row)


def test_the_hire_reads_their_own_stint(stint, hire):
    api = api_client_for(hire)
    assert api.get("/onboarding/me").json()["id"] == stint.pk
    assert api.get(f"/onboarding/stints/{stint.pk}").status_code == 200
    assert api.post(f"/onboarding/stints/{stint.pk}/check-ins", {"note": "All good"}).status_code == 403


def test_other_reps_get_404_and_no_stint_is_404(stint, outsider):
    api = api_client_for(outsider)
    assert api.get(f"/onboarding/stints/{stint.pk}").status_code == 404
    assert api.post(f"/onboarding/stints/{stint.pk}/check-ins", {"note": "Hi"}).status_code == 404
    assert api.get("/onboarding/me").status_code == 404
    assert api.get("/onboarding/stints").json()["items"] == []


def test_reps_cannot_start_stints(rep, hire, teammate):
    rep_api = api_client_for(rep)
    response = rep_api.post(
        "/onboarding/stints", {"hire_id": hire.pk, "coach_id": teammate.pk, "starts_on": days_ago(0).isoformat()}
    )
    assert response.status_code == 403
    assert not PhoneStint.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hire_id": 999_999}, "hire_id"),
        ({"coach_id": 999_999}, "coach_id"),
        ({"home_department_id": 999_999}, "home_department_id"),
        ({"length_days": 3}, "length_days"),
        ({"length_days": 21}, "short_reason"),
        ({"starts_on": "next tuesday"}, "starts_on"),
        ({"starts_on": "2001-01-01"}, "starts_on"),
        ({"same_person": True}, "coach_id"),
    ],
)
def test_bad_creates_are_422_naming_the_field(lead_api, hire, coach, changes, field):
    body: dict[str, Any] = {"hire_id": hire.pk, "coach_id": coach.pk, "starts_on": days_ago(0).isoformat()}
    if changes.pop("same_person", False):
        body["coach_id"] = hire.pk
    body.update(changes)
    response = lead_api.post("/onboarding/stints", body)
    assert response.status_code == 422, response.json()
    assert fields(response) == {field}
    assert not PhoneStint.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("check-ins", {"note": ""}, "note"),
        ("check-ins", {"note": "ok", "week": 9}, "week"),
        ("milestones", {"milestone": "solo_call", "note": "Did it"}, "milestone"),
        ("milestones", {"milestone": "shadowed_call"}, "note"),
        ("extend", {"days": 100, "reason": "x"}, "days"),
        ("extend", {"days": 3, "reason": " "}, "reason"),
        ("graduate", {"note": "Too soon"}, "milestones"),
    ],
)
def test_bad_actions_are_422_naming_the_field(stint, lead_api, path, body, field):
    response = lead_api.post(f"/onboarding/stints/{stint.pk}/{path}", body)
    assert response.status_code == 422, response.json()
    assert fields(response) == {field}
    assert (CheckIn.objects.count(), MilestoneTick.objects.count(), StintExtension.objects.count()) == (0, 0, 0)


def test_graduating_early_without_a_reason_is_422_on_early_reason(stint, coach, lead_api):
    sign_off(stint, coach)
    response = lead_api.post(f"/onboarding/stints/{stint.pk}/graduate", {"note": "Go."})
    assert fields(response) == {"early_reason"}
    stint.refresh_from_db()
    assert stint.graduated_at is None


def test_the_list_endpoint_runs_a_fixed_number_of_queries(start, lead_api, coach):
    def add(n: int) -> None:
        for _ in range(n):
            stint = start(UserFactory.create(title="Buyer"), days_ago=4)
            call(stint.hire, at(stint.starts_on, 11))
            sign_off(stint, coach)

    add(2)
    assert lead_api.get("/onboarding/stints", {"limit": 100}).status_code == 200  # records the token's use
    with CaptureQueriesContext(connection) as few:
        assert len(lead_api.get("/onboarding/stints", {"limit": 100}).json()["items"]) == 2
    add(4)
    with CaptureQueriesContext(connection) as more:
        assert len(lead_api.get("/onboarding/stints", {"limit": 100}).json()["items"]) == 6
    assert len(few.captured_queries) == len(more.captured_queries)


def test_the_list_is_in_calendar_order_whatever_the_calls(start, lead_api):
    later = start(UserFactory.create(title="Buyer"), days_ago=2)
    earlier = start(UserFactory.create(title="Buyer"), days_ago=6)
    for i in range(5):
        call(later.hire, at(later.starts_on, 9) + dt.timedelta(hours=i), minutes=50)
    ids = [row["id"] for row in lead_api.get("/onboarding/stints").json()["items"]]
    assert ids == [earlier.pk, later.pk]


def test_the_endpoints_are_in_the_openapi_schema(lead_api):
    paths = lead_api.get("/openapi.json").json()["paths"]
    assert {
        "/api/onboarding/stints",
        "/api/onboarding/stints/{pk}",
        "/api/onboarding/me",
        "/api/onboarding/stints/{pk}/check-ins",
        "/api/onboarding/stints/{pk}/milestones",
        "/api/onboarding/stints/{pk}/extend",
        "/api/onboarding/stints/{pk}/graduate",
    } <= set(paths)


# Properties -----------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.text(min_size=990, max_size=1100),
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat)
near_dates = st.integers(min_value=-40, max_value=400).map(lambda d: days_ago(-d).isoformat())


def _maybe(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(plausible, plausible, json_values)


def _counts() -> tuple[int, ...]:
    return tuple(model._default_manager.count() for model in MODELS)


def _check(response: Any, before: tuple[int, ...]) -> None:
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.status_code in (400, 403, 404, 422), response.content
        detail = response.json()["detail"]
        assert detail
        assert all(isinstance(e["field"], str) and e["field"] and isinstance(e["message"], str) for e in detail)
        assert _counts() == before
    else:
        assert response.status_code == 201
        assert _counts() != before


@PROPERTY_SETTINGS
@given(data=st.data())
def test_create_never_fails_with_a_5xx_and_writes_nothing_on_error(data, lead, hire, coach, finance):
    api = api_client_for(lead)
    people = st.sampled_from([hire.pk, coach.pk, lead.pk, 0, 2**63, -1])
    payload = data.draw(
        st.one_of(
            st.fixed_dictionaries(
                {"hire_id": _maybe(people), "coach_id": _maybe(people), "starts_on": _maybe(near_dates | dates)},
                optional={
                    "length_days": _maybe(st.integers(0, 100)),
                    "short_reason": _maybe(st.text(max_size=30)),
                    "home_department_id": _maybe(st.sampled_from([finance.pk, 999_999, None])),
                    "home_title": _maybe(st.text(max_size=120)),
                },
            ),
            json_values,
        )
    )
    before = _counts()
    _check(api.post("/onboarding/stints", payload), before)
    PhoneStint.objects.all().delete()


@PROPERTY_SETTINGS
@given(data=st.data())
def test_check_in_never_fails_with_a_5xx_and_writes_nothing_on_error(data, stint, coach):
    api = api_client_for(coach)
    payload = data.draw(
        st.one_of(
            st.fixed_dictionaries(
                {"note": _maybe(st.text(max_size=50))}, optional={"week": _maybe(st.integers(-3, 2**40))}
            ),
            json_values,
        )
    )
    before = _counts()
    _check(api.post(f"/onboarding/stints/{stint.pk}/check-ins", payload), before)
