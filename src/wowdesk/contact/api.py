"""JSON API for the contact form: a public endpoint for a company's own site, and the staff list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, paged
from wowdesk.api.errors import ERRORS, ErrorOut
from wowdesk.contact.schemas import ContactIn, ContactReceivedOut, ContactSubmissionPageOut
from wowdesk.contact.selectors import submissions_page
from wowdesk.contact.services import RateLimited, contact_submit
from wowdesk.contact.views import request_ip
from wowdesk.core.errors import error_list

router = Router(tags=["contact form"])


@router.post(
    "/contact",
    auth=None,
    response={201: ContactReceivedOut, 422: ErrorOut, 429: ErrorOut},
    operation_id="contact_submit",
)
def contact_submit_endpoint(request: HttpRequest, payload: ContactIn) -> Status[dict[str, Any]]:
    """Public, no authentication: what the web form at `/contact/` does, for a site that renders its own form.

    Opens a conversation on channel "web form" and emails the sender a
    confirmation. Rate-limited per IP and per email address (**429**, naming
    `__all__` or `email`); bad fields are a **422** naming the field.
    Nothing about existing customers or conversations is revealed.
    """
    try:
        contact_submit(
            name=payload.name,
            email=payload.email,
            order_number=payload.order_number,
            message=payload.message,
            ip=request_ip(request),
        )
    except RateLimited as exc:
        return Status(429, {"detail": error_list(exc)})
    return Status(201, {"status": "received"})


@router.get(
    "/contact/submissions", response={200: ContactSubmissionPageOut, **ERRORS}, operation_id="contact_submission_list"
)
def contact_submission_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Contact-form messages on conversations you may see, newest first."""
    user = actor(request)
    return paged(page, lambda cursor, size: submissions_page(user=user, cursor=cursor, size=size))
