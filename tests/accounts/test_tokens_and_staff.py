"""API tokens (hashed, revocable, last use recorded) and staff reads."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.core.snapshot import row_counts
from tests.factories import TeamFactory, UserFactory
from wowdesk.accounts.models import ApiToken, User
from wowdesk.accounts.permissions import can_manage_staff, is_active_staff
from wowdesk.accounts.selectors import api_token_get_for_user, staff_get, staff_list, team_get
from wowdesk.accounts.services import TOKEN_PREFIX, api_token_authenticate, api_token_create, api_token_revoke
from wowdesk.core.errors import NotFound

pytestmark = pytest.mark.django_db


class TestApiTokens:
    def test_only_a_digest_of_the_secret_is_stored(self, rep):
        token, secret = api_token_create(user=rep, name=" laptop ")

        row = ApiToken.objects.get(pk=token.pk)
        assert secret.startswith(TOKEN_PREFIX)
        assert row.name == "laptop"
        assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
        assert row.prefix == secret[:12]
        assert secret not in {row.digest, row.prefix, row.name}

    def test_each_token_gets_its_own_secret(self, rep):
        _, first = api_token_create(user=rep, name="one")
        _, second = api_token_create(user=rep, name="two")

        assert first != second

    @pytest.mark.parametrize("name", ["", "   ", "x" * 101])
    def test_bad_name_names_the_field_and_creates_nothing(self, rep, name):
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            api_token_create(user=rep, name=name)

        assert set(exc.value.message_dict) == {"name"}
        assert row_counts() == before

    def test_secret_authenticates_its_owner_and_records_the_use(self, rep):
        token, secret = api_token_create(user=rep, name="ci")

        assert api_token_authenticate(secret=secret) == rep

        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_recent_use_is_not_rewritten_on_every_request(self, rep):
        token, secret = api_token_create(user=rep, name="ci")
        recent = timezone.now() - dt.timedelta(seconds=30)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)

        api_token_authenticate(secret=secret)

        token.refresh_from_db()
        assert token.last_used_at == recent

    def test_use_after_a_while_is_recorded_again(self, rep):
        token, secret = api_token_create(user=rep, name="ci")
        stale = timezone.now() - dt.timedelta(minutes=5)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)

        api_token_authenticate(secret=secret)

        token.refresh_from_db()
        assert token.last_used_at is not None
        assert token.last_used_at > stale

    def test_revoked_token_no_longer_authenticates(self, rep):
        token, secret = api_token_create(user=rep, name="ci")

        api_token_revoke(token=token)

        assert not token.is_active
        assert api_token_authenticate(secret=secret) is None

    def test_revoking_twice_keeps_the_first_revocation_time(self, rep):
        token, _ = api_token_create(user=rep, name="ci")
        first = api_token_revoke(token=token).revoked_at

        api_token_revoke(token=token)

        token.refresh_from_db()
        assert token.revoked_at == first

    def test_deactivated_users_token_is_refused(self, rep):
        _, secret = api_token_create(user=rep, name="ci")
        rep.is_active = False
        rep.save(update_fields=["is_active"])

        assert api_token_authenticate(secret=secret) is None

    @pytest.mark.parametrize("secret", ["", "not-a-token", TOKEN_PREFIX + "made-up"])
    def test_unknown_secrets_authenticate_nobody(self, rep, secret):
        api_token_create(user=rep, name="ci")

        assert api_token_authenticate(secret=secret) is None

    def test_a_user_cannot_get_someone_elses_token(self, rep, teammate):
        token, _ = api_token_create(user=teammate, name="theirs")

        assert api_token_get_for_user(user=teammate, pk=token.pk) == token
        with pytest.raises(NotFound):
            api_token_get_for_user(user=rep, pk=token.pk)


class TestStaff:
    def test_roles_decide_who_sees_every_team(self, rep, lead, admin_user):
        assert (rep.sees_everything, lead.sees_everything, admin_user.sees_everything) == (False, True, True)

    def test_only_admins_manage_staff(self, rep, lead, admin_user):
        superuser_rep = UserFactory.create(is_superuser=True)

        assert [can_manage_staff(u) for u in (rep, lead, admin_user, superuser_rep)] == [False, False, True, True]

    def test_inactive_and_anonymous_users_are_not_staff(self, rep):
        rep.is_active = False

        assert not is_active_staff(rep)
        assert not is_active_staff(AnonymousUser())
        assert not is_active_staff(object())

    def test_display_name_falls_back_to_username(self):
        assert UserFactory.create(username="kim", first_name="", last_name="").display_name == "kim"

    def test_staff_list_excludes_deactivated_accounts(self, rep):
        gone = UserFactory.create(is_active=False)

        assert rep in staff_list()
        assert gone not in staff_list()
        with pytest.raises(NotFound):
            staff_get(pk=gone.pk)
        assert staff_get(pk=rep.pk) == rep

    def test_team_get(self):
        team = TeamFactory.create()

        assert team_get(pk=team.pk) == team
        with pytest.raises(NotFound):
            team_get(pk=team.pk + 1000)

    def test_user_role_defaults_to_rep(self):
        assert UserFactory.create().role == User.Role.REP
