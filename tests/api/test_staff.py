"""Staff, teams, departments and the caller's own API tokens."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient, fields
from tests.factories import UserFactory
from wowdesk.accounts.models import ApiToken
from wowdesk.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_me_describes_the_caller(lead_api):
    body = lead_api.get("/me").json()
    assert body["username"] == "lena"
    assert body["role"] == "lead"
    assert body["sees_everything"] is True


def test_staff_directory_lists_active_staff_in_pages(rep, teammate, outsider, rep_api):
    UserFactory.create(is_active=False, username="gone")
    first = rep_api.get("/staff", {"limit": 2}).json()
    rest = rep_api.get("/staff", {"limit": 2, "cursor": first["next_cursor"]}).json()
    usernames = [s["username"] for s in first["items"] + rest["items"]]
    assert sorted(usernames) == ["olga", "rita", "tomas"]
    assert rest["next_cursor"] is None


def test_staff_member_by_id_and_404_for_unknown(rep_api, teammate):
    assert rep_api.get(f"/staff/{teammate.pk}").json()["team"]["name"] == "Falcons"
    assert rep_api.get("/staff/999999").status_code == 404


def test_teams_and_departments(rep_api, team, other_team, service_department):
    teams = rep_api.get("/teams").json()["items"]
    assert [t["name"] for t in teams] == ["Falcons", "Otters"]
    assert rep_api.get(f"/teams/{team.pk}").json()["department"]["name"] == "Customer Loyalty"
    departments = rep_api.get("/departments").json()["items"]
    assert departments[0]["is_customer_service"] is True


def test_token_lifecycle_create_list_revoke(rep_api):
    created = rep_api.post("/tokens", {"name": "cron"}).json()
    listed = rep_api.get("/tokens").json()["items"]
    assert created["id"] in [t["id"] for t in listed]
    assert all("secret" not in t for t in listed)
    revoked = rep_api.post(f"/tokens/{created['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    assert ApiClient(created["secret"]).get("/me").status_code == 401


def test_token_needs_a_name(rep_api):
    response = rep_api.post("/tokens", {"name": "  "})
    assert response.status_code == 422
    assert fields(response) == {"name"}


def test_nobody_sees_or_revokes_another_users_token(rep, outsider_api, lead_api):
    token, _secret = api_token_create(user=rep, name="rita's laptop")
    assert outsider_api.post(f"/tokens/{token.pk}/revoke").status_code == 404
    assert lead_api.post(f"/tokens/{token.pk}/revoke").status_code == 404
    assert token.pk not in [t["id"] for t in lead_api.get("/tokens").json()["items"]]
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
