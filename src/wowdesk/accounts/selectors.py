"""Reads for staff, teams and tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from wowdesk.accounts.models import ApiToken, Department, Team, User
from wowdesk.core.errors import NotFound


def staff_list() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("team", "department")


def team_list() -> QuerySet[Team]:
    return Team.objects.select_related("department")


def department_list() -> QuerySet[Department]:
    return Department.objects.all()


def staff_get(*, pk: int) -> User:
    user = staff_list().filter(pk=pk).first()
    if user is None:
        raise NotFound("No such staff member.")
    return user


def team_get(*, pk: int) -> Team:
    team = team_list().filter(pk=pk).first()
    if team is None:
        raise NotFound("No such team.")
    return team


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(*, user: User, pk: int) -> ApiToken:
    """A user manages only their own tokens."""
    token = api_token_list_for_user(user=user).filter(pk=pk).first()
    if token is None:
        raise NotFound("No such token.")
    return token
