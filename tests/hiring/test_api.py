"""The hiring API: candidates, the panel, scorecards with the anchoring rule, and the moves."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import api_client_for, fields
from tests.factories import UserFactory
from tests.hiring.conftest import card, seat
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard, Status
from wowdesk.hiring.services import candidate_create, candidate_move
from wowdesk.legends.models import CompanyValue
from wowdesk.legends.starter import install_starter_values

pytestmark = pytest.mark.django_db
AUTH = 1


@pytest.fixture
def lead_api(lead):
    return api_client_for(lead)


@pytest.fixture
def rep_api(rep):
    return api_client_for(rep)


@pytest.fixture
def analyst_api(analyst):
    return api_client_for(analyst)


def test_create_then_list_and_get(lead_api, finance):
    created = lead_api.post(
        "/candidates",
        {
            "name": "Sam Ortiz",
            "email": "sam@example.org",
            "role": "Buyer",
            "department_id": finance.pk,
            "source": "referral",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["status"], body["department"]["name"]) == ("Sam Ortiz", "applied", "Finance")

    assert [c["id"] for c in lead_api.get("/candidates").json()["items"]] == [body["id"]]
    assert lead_api.get("/candidates", {"status": "hired"}).json()["items"] == []
    detail = lead_api.get(f"/candidates/{body['id']}").json()
    assert detail["panel"] == []
    assert detail["interview_blockers"] == ["The panel needs at least one person from customer service."]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "nope"}, "email"),
        ({"name": ""}, "name"),
        ({"department_id": 999_999}, "department_id"),
        ({"department_id": 0}, "department_id"),
        ({"source": "tv"}, "source"),
        ({"role": None}, "role"),
    ],
)
def test_bad_candidates_are_422_naming_the_field(lead_api, finance, body, field):
    payload = {
        "name": "Sam",
        "email": "sam@example.org",
        "role": "Buyer",
        "department_id": finance.pk,
        "source": "other",
        **body,
    }
    response = lead_api.post("/candidates", payload)
    assert response.status_code == 422
    assert fields(response) == {field}
    assert not Candidate.objects.exists()


def test_reps_cannot_add_candidates_and_do_not_see_them(rep_api, candidate, finance):
    payload = {
        "name": "Sam",
        "email": "sam@example.org",
        "role": "Buyer",
        "department_id": finance.pk,
        "source": "other",
    }
    assert rep_api.post("/candidates", payload).status_code == 403
    assert rep_api.get("/candidates").json()["items"] == []
    assert rep_api.get(f"/candidates/{candidate.pk}").status_code == 404
    assert rep_api.get(f"/candidates/{candidate.pk}/scorecards").status_code == 404
    assert Candidate.objects.count() == 1


def test_the_panel_over_the_api(lead_api, candidate, rep, analyst):
    added = lead_api.post(f"/candidates/{candidate.pk}/panel", {"user_id": rep.pk})
    assert added.status_code == 201
    assert added.json()["customer_service"] is True
    assert lead_api.post(f"/candidates/{candidate.pk}/panel", {"user_id": rep.pk}).status_code == 422
    assert fields(lead_api.post(f"/candidates/{candidate.pk}/panel", {"user_id": 999_999})) == {"user_id"}
    lead_api.post(f"/candidates/{candidate.pk}/panel", {"user_id": analyst.pk})

    assert lead_api.client.delete(f"/api/candidates/{candidate.pk}/panel/{analyst.pk}").status_code == 204
    missing = lead_api.client.delete(f"/api/candidates/{candidate.pk}/panel/{analyst.pk}")
    assert missing.status_code == 422
    assert fields(missing) == {"user_id"}
    assert list(PanelMember.objects.values_list("user_id", flat=True)) == [rep.pk]


def test_scorecards_over_the_api_with_the_anchoring_rule(interviewing, rep_api, analyst_api, lead_api):
    install_starter_values()
    value = CompanyValue.objects.first()
    assert value is not None
    body = {
        "skills": "yes",
        "skills_evidence": "Sharp on the numbers.",
        "culture": "strong_yes",
        "culture_evidence": "Asked who cleans the office and learned their name.",
        "vote": "hire",
        "value_ids": [value.pk],
    }
    submitted = rep_api.post(f"/candidates/{interviewing.pk}/scorecards", body)
    assert submitted.status_code == 201
    assert submitted.json()["customer_service"] is True
    assert submitted.json()["values"] == [{"id": value.pk, "name": value.name}]

    assert analyst_api.get(f"/candidates/{interviewing.pk}/scorecards").json()["items"] == []
    assert analyst_api.get(f"/candidates/{interviewing.pk}").json()["scorecards_in"] == 1
    assert len(lead_api.get(f"/candidates/{interviewing.pk}/scorecards").json()["items"]) == 1
    assert len(rep_api.get(f"/candidates/{interviewing.pk}/scorecards").json()["items"]) == 1

    again = rep_api.post(f"/candidates/{interviewing.pk}/scorecards", body)
    assert again.status_code == 422
    assert fields(again) == {"scorecard"}
    assert lead_api.post(f"/candidates/{interviewing.pk}/scorecards", body).status_code == 403
    bad_value = analyst_api.post(f"/candidates/{interviewing.pk}/scorecards", {**body, "value_ids": [999_999]})
    assert fields(bad_value) == {"value_ids"}
    assert Scorecard.objects.count() == 1


def test_moves_over_the_api_with_the_offer_rule(interviewing, lead_api, rep, analyst):
    card(interviewing, rep, culture="no")
    card(interviewing, analyst)

    refused = lead_api.post(f"/candidates/{interviewing.pk}/status", {"status": "offer"})

    assert refused.status_code == 422
    assert fields(refused) == {"status"}
    assert "culture is not traded for skills" in refused.json()["detail"][0]["message"]
    assert lead_api.get(f"/candidates/{interviewing.pk}").json()["offer_blockers"]
    assert fields(lead_api.post(f"/candidates/{interviewing.pk}/status", {"status": "famous"})) == {"status"}
    declined = lead_api.post(f"/candidates/{interviewing.pk}/status", {"status": "declined"})
    assert declined.json()["status"] == "declined"


def test_hiring_with_an_account_over_the_api(interviewing, lead_api, lead, rep, analyst):
    card(interviewing, rep)
    card(interviewing, analyst)
    candidate_move(actor=lead, candidate=interviewing, to=Status.OFFER)
    starter = UserFactory.create()

    assert fields(lead_api.post(f"/candidates/{interviewing.pk}/status", {"status": "hired", "user_id": 999_999})) == {
        "user_id"
    }
    hired = lead_api.post(f"/candidates/{interviewing.pk}/status", {"status": "hired", "user_id": starter.pk})

    assert hired.status_code == 200
    assert hired.json()["hired_user"]["id"] == starter.pk


# Whatever a client sends: never a server error, a 4xx names a field, and a 4xx writes nothing.

PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _maybe(plausible):
    return st.one_of(plausible, plausible, json_values)


def _counts() -> tuple[int, int, int]:
    return (Candidate.objects.count(), Scorecard.objects.count(), Scorecard.values_shown.through.objects.count())


def _check(response, before) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.status_code in (400, 422), response.content
        detail = response.json()["detail"]
        assert detail
        assert all(isinstance(e["field"], str) and e["field"] for e in detail)
        assert _counts() == before
    else:
        assert response.status_code == 201
        assert _counts() != before


@PROPERTY_SETTINGS
@given(data=st.data())
def test_candidate_create_never_fails_on_input(lead_api, finance, data):
    payload = data.draw(
        st.fixed_dictionaries(
            {
                "name": _maybe(st.text(max_size=250)),
                "email": _maybe(st.emails() | st.text(max_size=40)),
                "role": _maybe(st.text(max_size=250)),
                "department_id": _maybe(st.sampled_from([finance.pk, 0, 999_999, 2**70])),
                "source": _maybe(st.sampled_from(["referral", "agency", "tv"])),
            }
        )
        | json_values
    )
    before = _counts()
    _check(lead_api.post("/candidates", payload), before)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_scorecard_submit_never_fails_on_input(lead, finance, rep, analyst, data):
    # A fresh candidate per example, so a success does not make the next example a duplicate.
    candidate = candidate_create(
        actor=lead, name="Any", email="any@example.org", role="Buyer", department=finance, source="other"
    )
    seat(candidate, rep, analyst, by=lead)
    candidate_move(actor=lead, candidate=candidate, to=Status.INTERVIEWING)
    assessments = st.sampled_from(["strong_no", "no", "yes", "strong_yes", "meh"])
    payload = data.draw(
        st.fixed_dictionaries(
            {
                "skills": _maybe(assessments),
                "skills_evidence": _maybe(st.text(max_size=4100)),
                "culture": _maybe(assessments),
                "culture_evidence": _maybe(st.text(max_size=4100)),
                "vote": _maybe(st.sampled_from(["hire", "no_hire", "maybe"])),
            },
            optional={"value_ids": _maybe(st.lists(st.integers(min_value=-5, max_value=2**70), max_size=3))},
        )
        | json_values
    )
    before = _counts()
    _check(api_client_for(rep).post(f"/candidates/{candidate.pk}/scorecards", payload), before)


# Query counts.

N = 4


@pytest.fixture
def pinned(django_assert_num_queries) -> Callable[..., None]:
    def check(api, path: str, add_rows: Callable[[int], None], expected: int) -> None:
        add_rows(N)
        api.get(path, {"limit": 100})
        with CaptureQueriesContext(connection) as ctx:
            first = api.get(path, {"limit": 100})
        assert len(ctx.captured_queries) == expected
        add_rows(2 * N)
        with django_assert_num_queries(expected):
            second = api.get(path, {"limit": 100})
        assert len(second.json()["items"]) == len(first.json()["items"]) + 2 * N

    return check


def test_the_candidate_list_queries_are_constant(pinned, lead_api, lead, finance):
    def add(n: int) -> None:
        for i in range(n):
            candidate_create(
                actor=lead, name=f"P{i}", email=f"p{i}@example.org", role="Buyer", department=finance, source="other"
            )

    pinned(lead_api, "/candidates", add, AUTH + 1)


def test_the_scorecard_list_queries_are_constant(pinned, lead_api, interviewing, lead, team):
    install_starter_values()
    values = list(CompanyValue.objects.all()[:2])

    def add(n: int) -> None:
        for _ in range(n):
            person = UserFactory.create(team=team)
            seat(interviewing, person, by=lead)
            card(interviewing, person, values=values)

    # The candidate, whether the lead sits on the panel or wrote a card, the page, its values.
    pinned(lead_api, f"/candidates/{interviewing.pk}/scorecards", add, AUTH + 5)
