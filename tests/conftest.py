"""Shared fixtures: the standard cast of users every permission test uses.

- ``rep``: a customer-service rep on the Falcons team.
- ``teammate``: another rep on the same team.
- ``outsider``: a rep on a different team (the Otters).
- ``lead``: a lead, who sees every team's conversations.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD, DepartmentFactory, TeamFactory, UserFactory
from wowdesk.accounts.models import User


@pytest.fixture
def service_department():
    return DepartmentFactory.create(name="Customer Loyalty", slug="customer-loyalty", is_customer_service=True)


@pytest.fixture
def team(service_department):
    return TeamFactory.create(name="Falcons", slug="falcons", department=service_department)


@pytest.fixture
def other_team(service_department):
    return TeamFactory.create(name="Otters", slug="otters", department=service_department)


@pytest.fixture
def rep(team):
    return UserFactory.create(username="rita", first_name="Rita", last_name="Reyes", team=team)


@pytest.fixture
def teammate(team):
    return UserFactory.create(username="tomas", first_name="Tomás", last_name="Tan", team=team)


@pytest.fixture
def outsider(other_team):
    return UserFactory.create(username="olga", first_name="Olga", last_name="Okafor", team=other_team)


@pytest.fixture
def lead(team):
    return UserFactory.create(username="lena", first_name="Lena", last_name="Lindqvist", team=team, role=User.Role.LEAD)


@pytest.fixture
def admin_user(team):
    return UserFactory.create(
        username="ada",
        first_name="Ada",
        last_name="Admin",
        team=team,
        role=User.Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )


def _login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


@pytest.fixture
def rep_client(rep) -> Client:
    return _login(rep)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _login(outsider)


@pytest.fixture
def lead_client(lead) -> Client:
    return _login(lead)


@pytest.fixture
def login():
    """Log any user in: ``login(user) -> Client``."""
    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers cost ~100 ms per login; tests do not need that strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
