from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, DepartmentFactory, TeamFactory, UserFactory
from wowdesk.accounts.models import ApiToken
from wowdesk.accounts.services import api_token_authenticate, api_token_create

pytestmark = pytest.mark.django_db


def test_login_page_logs_in_with_username_and_password(client, rep):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()

    response = client.post(reverse("login"), {"username": rep.username, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_with_wrong_password_stays_on_the_form(client, rep):
    response = client.post(reverse("login"), {"username": rep.username, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_profile_shows_name_role_team_and_department(rep_client):
    body = rep_client.get(reverse("accounts:profile")).content.decode()
    for text in ["Rita Reyes", "Rep", "Falcons", "Customer Loyalty"]:
        assert text in body


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_new_token_secret_is_shown_once_and_only_its_digest_is_stored(rep_client, rep):
    response = rep_client.post(reverse("accounts:token_create"), {"name": "order sync"})

    body = response.content.decode()
    secret = re.search(r'id="new-token-secret">([^<]+)<', body)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert secret
    token = ApiToken.objects.get(user=rep)
    assert token.digest == hashlib.sha256(secret[1].encode()).hexdigest()
    assert secret[1] not in {token.digest, token.prefix, token.name}
    assert api_token_authenticate(secret=secret[1]) == rep
    # The next view of the profile lists the token but never the secret again.
    again = rep_client.get(reverse("accounts:profile")).content.decode()
    assert "order sync" in again
    assert token.prefix in again
    assert secret[1] not in again


def test_token_without_a_name_is_400_naming_the_field(rep_client):
    response = rep_client.post(reverse("accounts:token_create"), {"name": "   "})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoke_stops_the_token_working(rep_client, rep):
    token, secret = api_token_create(user=rep, name="laptop")

    response = rep_client.post(reverse("accounts:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None
    assert api_token_authenticate(secret=secret) is None
    assert "revoked" in rep_client.get(reverse("accounts:profile")).content.decode()


def test_cannot_revoke_someone_elses_token(rep_client, outsider):
    token, secret = api_token_create(user=outsider, name="theirs")
    response = rep_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert api_token_authenticate(secret=secret) == outsider


def test_revoke_needs_post(rep_client, rep):
    token, _ = api_token_create(user=rep, name="laptop")
    assert rep_client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405


def test_token_list_pages(rep_client, rep, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    for name in ["a", "b", "c"]:
        api_token_create(user=rep, name=name)
    first = rep_client.get(reverse("accounts:profile"))
    second = rep_client.get(reverse("accounts:profile"), {"cursor": first.context["tokens"].next_cursor})
    assert len(first.context["tokens"].items) == 2
    assert len(second.context["tokens"].items) == 1


def test_staff_directory_groups_people_by_department_and_team(rep_client, rep, teammate, outsider):
    finance = DepartmentFactory.create(name="Finance", slug="finance")
    UserFactory.create(first_name="Fay", last_name="Numbers", team=None, department=finance)
    UserFactory.create(first_name="Gone", last_name="Away", is_active=False)

    response = rep_client.get(reverse("accounts:staff"))

    body = response.content.decode()
    people = [(u.department_key, u.team_key, u.display_name) for u in response.context["page"].items]
    assert people == [
        ("Customer Loyalty", "Falcons", "Rita Reyes"),
        ("Customer Loyalty", "Falcons", "Tomás Tan"),
        ("Customer Loyalty", "Otters", "Olga Okafor"),
        ("Finance", "", "Fay Numbers"),
    ]
    assert "Gone Away" not in body
    assert body.index("Falcons") < body.index("Otters") < body.index("Finance")


def test_staff_directory_query_count_is_constant(rep_client, django_assert_num_queries):
    def seed(n: int) -> None:
        for _ in range(n):
            UserFactory.create(team=TeamFactory.create())

    seed(3)
    with django_assert_num_queries(3):
        rep_client.get(reverse("accounts:staff"))
    seed(6)
    with django_assert_num_queries(3):
        rep_client.get(reverse("accounts:staff"))


def test_staff_directory_rejects_a_bad_cursor(rep_client):
    assert rep_client.get(reverse("accounts:staff"), {"cursor": "nonsense"}).status_code == 400
