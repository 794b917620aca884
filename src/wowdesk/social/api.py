"""JSON API for social mentions: the authenticated webhook, the list, follow-up, and sources."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from wowdesk.accounts.permissions import can_manage_staff
from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, paged
from wowdesk.api.errors import ERRORS, ErrorOut
from wowdesk.social.auth import SourceSecretAuth
from wowdesk.social.models import SocialMention, SocialSource
from wowdesk.social.schemas import (
    MentionIn,
    MentionOut,
    MentionPageOut,
    MentionQuery,
    SourceCreatedOut,
    SourceIn,
    SourceOut,
)
from wowdesk.social.selectors import mention_get_for_user, mentions_page, source_get_for_user, source_list
from wowdesk.social.services import mention_follow_up, mention_receive, social_source_create, social_source_revoke

router = Router(tags=["social mentions"])


@router.post(
    "/social/mentions",
    auth=SourceSecretAuth(),
    response={200: MentionOut, 201: MentionOut, 401: ErrorOut, 422: ErrorOut},
    operation_id="mention_receive",
)
def mention_webhook(request: HttpRequest, payload: MentionIn) -> Status[SocialMention]:
    """The webhook a relay script posts public mentions to (see docs/social-mentions.md).

    Authenticate with a social source's secret (`Authorization: Bearer wds_…`).
    A new post opens a high-priority conversation on channel "social" on the
    customer who owns the handle on that network (or a new customer), tagged
    `follow-up` and flagged until someone follows it up: **201**. The same
    post again (same network and URL) changes nothing: **200** with the
    first mention. Bad input is a **422** naming the field.
    """
    source: SocialSource = request.auth  # type: ignore[attr-defined]
    result = mention_receive(source=source, **payload.dict())
    return Status(201 if result.created else 200, mention_get_for_user_any(result.mention.pk))


def mention_get_for_user_any(pk: int) -> SocialMention:
    """The mention with what its schema reads (the relay is not a staff user, so no visibility filter)."""
    return SocialMention.objects.select_related("customer", "followed_up_by").get(pk=pk)


@router.get("/social/mentions", response={200: MentionPageOut, **ERRORS}, operation_id="mention_list")
def mention_list(request: HttpRequest, filters: Query[MentionQuery]) -> dict[str, Any]:
    """Mentions on conversations you may see, newest post first; `open` ones still need a follow-up."""
    user = actor(request)
    return paged(filters, lambda cursor, size: mentions_page(user=user, show=filters.show, cursor=cursor, size=size))


@router.get("/social/mentions/{pk}", response={200: MentionOut, **ERRORS}, operation_id="mention_get")
def mention_get(request: HttpRequest, pk: PathId) -> SocialMention:
    return mention_get_for_user(user=actor(request), pk=pk)


@router.post("/social/mentions/{pk}/follow-up", response={200: MentionOut, **ERRORS}, operation_id="mention_follow_up")
def mention_follow_up_endpoint(request: HttpRequest, pk: PathId) -> SocialMention:
    """Clear the follow-up flag (someone has acted on it). Doing it twice changes nothing."""
    user = actor(request)
    with transaction.atomic():
        mention_follow_up(actor=user, mention=mention_get_for_user(user=user, pk=pk))
    return mention_get_for_user(user=user, pk=pk)


def _require_admin(request: HttpRequest) -> None:
    if not can_manage_staff(actor(request)):
        raise PermissionDenied(_("Only administrators can manage social sources."))


@router.get("/social/sources", response={200: list[SourceOut], **ERRORS}, operation_id="social_source_list")
def social_source_list(request: HttpRequest) -> list[SocialSource]:
    _require_admin(request)
    return source_list(user=actor(request))


@router.post("/social/sources", response={201: SourceCreatedOut, **ERRORS}, operation_id="social_source_create")
def social_source_create_endpoint(request: HttpRequest, payload: SourceIn) -> Status[dict[str, Any]]:
    """A credential for one relay; the secret is in this response only."""
    with transaction.atomic():
        source, secret = social_source_create(actor=actor(request), name=payload.name)
    return Status(201, {**SourceOut.from_orm(source).dict(), "secret": secret})


@router.post("/social/sources/{pk}/revoke", response={200: SourceOut, **ERRORS}, operation_id="social_source_revoke")
def social_source_revoke_endpoint(request: HttpRequest, pk: PathId) -> SocialSource:
    user = actor(request)
    _require_admin(request)
    with transaction.atomic():
        return social_source_revoke(actor=user, source=source_get_for_user(user=user, pk=pk))
