"""API clients for the standard cast: each sends its user's bearer token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from wowdesk.accounts.models import User
from wowdesk.accounts.services import api_token_create


class ApiClient:
    """A test client that speaks JSON and authenticates with a bearer token."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"/api{path}", params or {})

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(f"/api{path}", body if body is not None else {}, content_type="application/json")

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(f"/api{path}", body, content_type="application/json")

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(f"/api{path}", body, content_type="application/json")

    def post_raw(self, path: str, raw: str) -> Any:
        return self.client.generic("POST", f"/api{path}", raw.encode(), content_type="application/json")


def api_client_for(user: User) -> ApiClient:
    _token, secret = api_token_create(user=user, name=f"tests for {user.username}")
    return ApiClient(secret)


@pytest.fixture
def api_for():
    """``api_for(user) -> ApiClient`` for any user."""
    return api_client_for


@pytest.fixture
def rep_api(rep) -> ApiClient:
    return api_client_for(rep)


@pytest.fixture
def teammate_api(teammate) -> ApiClient:
    return api_client_for(teammate)


@pytest.fixture
def outsider_api(outsider) -> ApiClient:
    return api_client_for(outsider)


@pytest.fixture
def lead_api(lead) -> ApiClient:
    return api_client_for(lead)


def fields(response: Any) -> set[str]:
    """The fields a 4xx body names."""
    return {error["field"] for error in response.json()["detail"]}
