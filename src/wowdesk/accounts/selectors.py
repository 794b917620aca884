"""Reads for staff, teams and tokens."""

from __future__ import annotations

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, Lower

from wowdesk.accounts.models import ApiToken, Department, Team, User
from wowdesk.core.errors import NotFound
from wowdesk.core.pagination import Page, paginate


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


# Department, then team, then name; people without a department or team sort
# first under an empty key (Coalesce keeps NULLs out of the keyset comparison).
STAFF_DIRECTORY_ORDERING = ("department_key", "team_key", "name_key", "id")


def staff_directory(*, cursor: str | None, size: int) -> Page[User]:
    """One page of active staff, in the order the directory groups them."""
    qs = staff_list().annotate(
        department_key=Coalesce(F("department__name"), Value("")),
        team_key=Coalesce(F("team__name"), Value("")),
        name_key=Lower(Concat("first_name", Value(" "), "last_name", Value(" "), "username")),
    )
    return paginate(qs, ordering=STAFF_DIRECTORY_ORDERING, cursor=cursor, size=size)


def api_tokens_page(*, user: User, cursor: str | None, size: int) -> Page[ApiToken]:
    return paginate(api_token_list_for_user(user=user), ordering=("-created_at", "-id"), cursor=cursor, size=size)
