"""JSON API for customers' own stories (public submit and list, moderation) and the public legends."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged
from wowdesk.api.errors import ERRORS, ErrorOut
from wowdesk.contact.services import RateLimited
from wowdesk.contact.views import request_ip
from wowdesk.core.errors import error_list
from wowdesk.legends import selectors, services
from wowdesk.legends.models import CustomerStory, Legend
from wowdesk.legends.permissions import can_moderate_stories
from wowdesk.legends.schemas import (
    CustomerStoryIn,
    CustomerStoryOut,
    CustomerStoryPageOut,
    CustomerStoryQuery,
    ModerationIn,
    PublicLegendOut,
    PublicLegendPageOut,
    PublicLegendQuery,
    ReceivedOut,
    ShownStoryPageOut,
)

router = Router()


@router.post(
    "/public/customer-stories",
    auth=None,
    response={201: ReceivedOut, 422: ErrorOut, 429: ErrorOut},
    operation_id="customer_story_submit",
    tags=["customer stories"],
)
def customer_story_submit(request: HttpRequest, payload: CustomerStoryIn) -> Status[dict[str, Any]]:
    """Public, no authentication: a customer's story of us, waiting for moderation. Rate-limited (429)."""
    try:
        services.customer_story_submit(
            name=payload.name,
            email=payload.email,
            text=payload.text,
            may_publish=payload.may_publish,
            ip=request_ip(request),
        )
    except RateLimited as exc:
        return Status(429, {"detail": error_list(exc)})
    return Status(201, {"status": "received"})


@router.get(
    "/public/customer-stories",
    auth=None,
    response={200: ShownStoryPageOut, 422: ErrorOut},
    operation_id="customer_story_shown_list",
    tags=["customer stories"],
)
def customer_story_shown_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Public: accepted stories their authors let us publish, newest first."""
    return paged(page, lambda cursor, size: selectors.shown_customer_stories_page(cursor=cursor, size=size))


@router.get(
    "/customer-stories",
    response={200: CustomerStoryPageOut, **ERRORS},
    operation_id="customer_story_list",
    tags=["customer stories"],
)
def customer_story_list(request: HttpRequest, query: Query[CustomerStoryQuery]) -> dict[str, Any]:
    """For moderators (leads and admins): stories waiting (oldest first) or decided (newest first)."""
    user = actor(request)
    if not can_moderate_stories(user):
        raise PermissionDenied("Only leads and admins moderate stories.")
    return paged(
        query,
        lambda cursor, size: selectors.customer_stories_page(user=user, state=query.state, cursor=cursor, size=size),
    )


def _moderate(request: HttpRequest, pk: int, payload: ModerationIn, *, accept: bool) -> CustomerStory:
    user = actor(request)
    if not can_moderate_stories(user):
        raise PermissionDenied("Only leads and admins moderate stories.")
    story = selectors.customer_story_get_for_user(user=user, pk=pk)
    if accept:
        services.customer_story_accept(actor=user, story=story, note=payload.note)
    else:
        services.customer_story_reject(actor=user, story=story, note=payload.note)
    return selectors.customer_story_get_for_user(user=user, pk=pk)


@router.post(
    "/customer-stories/{pk}/accept",
    response={200: CustomerStoryOut, **ERRORS},
    operation_id="customer_story_accept",
    tags=["customer stories"],
)
def customer_story_accept(request: HttpRequest, pk: PathId, payload: ModerationIn) -> CustomerStory:
    """Accept: it becomes a legend candidate, linked to the customer's conversations when the email matches."""
    return _moderate(request, pk, payload, accept=True)


@router.post(
    "/customer-stories/{pk}/reject",
    response={200: CustomerStoryOut, **ERRORS},
    operation_id="customer_story_reject",
    tags=["customer stories"],
)
def customer_story_reject(request: HttpRequest, pk: PathId, payload: ModerationIn) -> CustomerStory:
    return _moderate(request, pk, payload, accept=False)


@router.get(
    "/public/legends",
    auth=None,
    response={200: PublicLegendPageOut, 422: ErrorOut},
    operation_id="public_legend_list",
    tags=["legends"],
)
def public_legend_list(request: HttpRequest, query: Query[PublicLegendQuery]) -> dict[str, Any]:
    """Public, no authentication: legends published to the public, redacted and consented, newest first."""
    return paged(
        query,
        lambda cursor, size: selectors.public_legends_page(
            q=query.q or "", value=query.value or "", cursor=cursor, size=size
        ),
    )


@router.get(
    "/public/legends/{pk}",
    auth=None,
    response={200: PublicLegendOut, 404: ErrorOut},
    operation_id="public_legend_get",
    tags=["legends"],
)
def public_legend_get(request: HttpRequest, pk: PathId) -> Legend:
    return selectors.public_legend_get(pk=pk)
