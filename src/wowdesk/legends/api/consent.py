"""JSON API for consent: asking by email, recording a call, withdrawal, and the public link endpoints."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PathId, referenced
from wowdesk.api.errors import ERRORS, ErrorOut
from wowdesk.conversations.selectors import call_get_for_user
from wowdesk.core.errors import error_list
from wowdesk.legends import selectors, services
from wowdesk.legends.models import Consent, Legend
from wowdesk.legends.permissions import can_see_evidence
from wowdesk.legends.schemas import (
    ConsentAnsweredOut,
    ConsentAnswerIn,
    ConsentCallIn,
    ConsentEmailIn,
    ConsentOut,
    ConsentRequestOut,
    ConsentWithdrawIn,
)
from wowdesk.legends.services import ConsentLinkError
from wowdesk.legends.views.helpers import base_url

router = Router()
LINK_ERRORS: dict[int, type[ErrorOut]] = {404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut}


def _legend(request: HttpRequest, pk: int) -> Legend:
    return selectors.legend_get_for_user(user=actor(request), pk=pk)


@router.get(
    "/legends/{pk}/consents",
    response={200: list[ConsentOut], **ERRORS},
    operation_id="legend_consent_list",
    tags=["legend consent"],
)
def consent_list(request: HttpRequest, pk: PathId) -> list[Consent]:
    """Every request and record of consent for this legend (the author and reviewers)."""
    user = actor(request)
    legend = _legend(request, pk)
    return selectors.consents_for(legend=legend) if can_see_evidence(user, legend) else []


@router.post(
    "/legends/{pk}/consents/email",
    response={201: ConsentOut, **ERRORS},
    operation_id="legend_consent_email",
    tags=["legend consent"],
)
def consent_email(request: HttpRequest, pk: PathId, payload: ConsentEmailIn) -> Status[Consent]:
    """Email the customer a single-use link to read the redacted story and answer (after commit, via the outbox)."""
    user = actor(request)
    consent, _token = services.consent_request_email(
        actor=user, legend=_legend(request, pk), base_url=base_url(request), email=payload.email
    )
    return Status(201, selectors.consent_get_for_user(user=user, pk=consent.pk))


@router.post(
    "/legends/{pk}/consents/call",
    response={201: ConsentOut, **ERRORS},
    operation_id="legend_consent_call",
    tags=["legend consent"],
)
def consent_call(request: HttpRequest, pk: PathId, payload: ConsentCallIn) -> Status[Consent]:
    """Record consent the customer gave on a call, with what they said and, optionally, the call."""
    user = actor(request)
    with transaction.atomic():
        call = None
        if payload.call_id is not None:
            call_id = payload.call_id
            call = referenced("call_id", lambda: call_get_for_user(user=user, pk=call_id))
        consent = services.consent_record_call(actor=user, legend=_legend(request, pk), note=payload.note, call=call)
    return Status(201, selectors.consent_get_for_user(user=user, pk=consent.pk))


@router.post(
    "/legend-consents/{pk}/withdraw",
    response={200: ConsentOut, **ERRORS},
    operation_id="legend_consent_withdraw",
    tags=["legend consent"],
)
def consent_withdraw(request: HttpRequest, pk: PathId, payload: ConsentWithdrawIn) -> Consent:
    """The customer changed their mind: the story leaves the public page at once."""
    user = actor(request)
    consent = selectors.consent_get_for_user(user=user, pk=pk)
    services.consent_withdraw(actor=user, consent=consent, note=payload.note)
    return selectors.consent_get_for_user(user=user, pk=pk)


@router.get(
    "/public/legend-consent/{token}",
    auth=None,
    response={200: ConsentRequestOut, **LINK_ERRORS},
    operation_id="legend_consent_read",
    tags=["legend consent"],
)
def consent_read(request: HttpRequest, token: str) -> Any:
    """Public, by the token from the email: the text the customer is asked about. Reading uses nothing up.

    A wrong token is **404**, an answered one **409**, an expired one **410**.
    """
    try:
        return services.consent_check_token(token=token)
    except ConsentLinkError as exc:
        return Status(exc.status, {"detail": error_list(exc)})


@router.post(
    "/public/legend-consent/{token}",
    auth=None,
    response={200: ConsentAnsweredOut, **LINK_ERRORS},
    operation_id="legend_consent_answer",
    tags=["legend consent"],
)
def consent_answer(request: HttpRequest, token: str, payload: ConsentAnswerIn) -> Any:
    """Public, by the token: the customer's yes or no. Once only."""
    try:
        return services.consent_answer(token=token, agree=payload.answer == "agree")
    except ConsentLinkError as exc:
        return Status(exc.status, {"detail": error_list(exc)})
