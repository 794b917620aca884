"""JSON API for staff, teams, departments and the caller's own API tokens (read-mostly)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.accounts import selectors
from wowdesk.accounts.models import Team, User
from wowdesk.accounts.schemas import (
    DepartmentPageOut,
    MeOut,
    StaffOut,
    StaffPageOut,
    TeamOut,
    TeamPageOut,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    TokenPageOut,
)
from wowdesk.accounts.services import api_token_create, api_token_revoke
from wowdesk.api import reads
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged
from wowdesk.api.errors import ERRORS

router = Router(tags=["staff"])


@router.get("/me", response={200: MeOut, **ERRORS}, operation_id="me_get")
def me_get(request: HttpRequest) -> User:
    return actor(request)


@router.get("/staff", response={200: StaffPageOut, **ERRORS}, operation_id="staff_list")
def staff_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paged(page, lambda cursor, size: selectors.staff_directory(cursor=cursor, size=size))


@router.get("/staff/{pk}", response={200: StaffOut, **ERRORS}, operation_id="staff_get")
def staff_get(request: HttpRequest, pk: PathId) -> User:
    return selectors.staff_get(pk=pk)


@router.get("/teams", response={200: TeamPageOut, **ERRORS}, operation_id="team_list")
def team_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paged(page, lambda cursor, size: reads.teams_page(cursor=cursor, size=size))


@router.get("/teams/{pk}", response={200: TeamOut, **ERRORS}, operation_id="team_get")
def team_get(request: HttpRequest, pk: PathId) -> Team:
    return selectors.team_get(pk=pk)


@router.get("/departments", response={200: DepartmentPageOut, **ERRORS}, operation_id="department_list")
def department_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paged(page, lambda cursor, size: reads.departments_page(cursor=cursor, size=size))


@router.get("/tokens", response={200: TokenPageOut, **ERRORS}, operation_id="token_list", tags=["tokens"])
def token_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = actor(request)
    return paged(page, lambda cursor, size: selectors.api_tokens_page(user=user, cursor=cursor, size=size))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, operation_id="token_create", tags=["tokens"])
def token_create(request: HttpRequest, payload: TokenCreateIn) -> Status[dict[str, Any]]:
    with transaction.atomic():
        token, secret = api_token_create(user=actor(request), name=payload.name)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "secret": secret})


@router.post("/tokens/{pk}/revoke", response={200: TokenOut, **ERRORS}, operation_id="token_revoke", tags=["tokens"])
def token_revoke(request: HttpRequest, pk: PathId) -> Any:
    with transaction.atomic():
        token = selectors.api_token_get_for_user(user=actor(request), pk=pk)
        return api_token_revoke(token=token)
