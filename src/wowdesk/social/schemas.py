"""API schemas for social mentions. ``MentionIn`` is the documented webhook shape."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from wowdesk.api.common import CustomerRefOut, PageQuery, Text, UserRefOut
from wowdesk.social.models import Network


class MentionIn(Schema):
    """One public post about the company, as a relay script sends it."""

    network: Network = Field(..., description="Where it was posted", examples=["x"])
    author_handle: Text = Field(..., max_length=101, description="The author's handle, with or without @")
    author_name: Text = Field("", max_length=200, description="The author's display name, if the network gives one")
    url: Text = Field(..., max_length=500, description="Link to the post; with network, it identifies the post")
    text: Text = Field(..., max_length=10_000, description="The post's text")
    posted_at: dt.datetime = Field(..., description="When it was posted, ISO 8601 with a time zone")


class MentionOut(Schema):
    id: int
    network: Network
    url: str
    author_handle: str
    author_name: str
    text: str
    posted_at: dt.datetime
    received_at: dt.datetime
    customer: CustomerRefOut
    conversation_id: int
    needs_follow_up: bool
    followed_up_at: dt.datetime | None
    followed_up_by: UserRefOut | None


class MentionPageOut(Schema):
    items: list[MentionOut]
    next_cursor: str | None


class MentionQuery(PageQuery):
    show: Literal["open", "done", "all"] = Field("open", description="open: still flagged for follow-up")


class SourceIn(Schema):
    name: Text = Field(..., max_length=100)


class SourceOut(Schema):
    id: int
    name: str
    secret_prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class SourceCreatedOut(SourceOut):
    secret: str = Field(..., description="Shown only in this response; only a digest is stored")
