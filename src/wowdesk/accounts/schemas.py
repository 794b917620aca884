"""API schemas for staff, teams, departments and API tokens."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from wowdesk.accounts.models import User
from wowdesk.api.common import Text


class DepartmentOut(Schema):
    id: int
    name: str
    slug: str
    is_customer_service: bool


class DepartmentPageOut(Schema):
    items: list[DepartmentOut]
    next_cursor: str | None


class DepartmentRefOut(Schema):
    id: int
    name: str


class TeamOut(Schema):
    id: int
    name: str
    slug: str
    department: DepartmentRefOut


class TeamPageOut(Schema):
    items: list[TeamOut]
    next_cursor: str | None


class TeamRefOut(Schema):
    id: int
    name: str


class StaffOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    role: User.Role
    title: str
    team: TeamRefOut | None
    department: DepartmentRefOut | None


class StaffPageOut(Schema):
    items: list[StaffOut]
    next_cursor: str | None


class MeOut(StaffOut):
    sees_everything: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    is_active: bool


class TokenPageOut(Schema):
    items: list[TokenOut]
    next_cursor: str | None


class TokenCreateIn(Schema):
    name: Text = Field(..., max_length=100)


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="Shown once; only a digest is stored.")
