"""JSON API for candidates, consent, customers' stories (public and moderation), public legends, reading lists."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged, referenced
from wowdesk.api.errors import ERRORS, ErrorOut
from wowdesk.contact.services import RateLimited
from wowdesk.contact.views import request_ip
from wowdesk.conversations.selectors import call_get_for_user
from wowdesk.core.errors import error_list
from wowdesk.legends import selectors, services
from wowdesk.legends.models import Candidate, Consent, CustomerStory, Legend
from wowdesk.legends.permissions import can_curate, can_moderate_stories
from wowdesk.legends.schemas import (
    CandidateOut,
    CandidatePageOut,
    CandidateQuery,
    ConsentAnsweredOut,
    ConsentAnswerIn,
    ConsentCallIn,
    ConsentEmailIn,
    ConsentOut,
    ConsentRequestOut,
    ConsentWithdrawIn,
    CustomerStoryIn,
    CustomerStoryOut,
    CustomerStoryPageOut,
    CustomerStoryQuery,
    ModerationIn,
    PublicLegendOut,
    PublicLegendPageOut,
    PublicLegendQuery,
    ReadingItemIn,
    ReadingListDetailOut,
    ReadingListIn,
    ReadingListOut,
    ReadingListPageOut,
    ReadingMoveIn,
    ReceivedOut,
    ShownStoryPageOut,
    reading_detail,
)
from wowdesk.legends.services import ConsentLinkError
from wowdesk.legends.views.helpers import base_url

router = Router()
LINK_ERRORS: dict[int, type[ErrorOut]] = {404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut}


# Candidates


@router.get(
    "/legend-candidates",
    response={200: CandidatePageOut, **ERRORS},
    operation_id="legend_candidate_list",
    tags=["legend candidates"],
)
def candidate_list(request: HttpRequest, query: Query[CandidateQuery]) -> dict[str, Any]:
    """Likely legends the product found, newest evidence first, each with the reasons it was suggested."""
    user = actor(request)
    return paged(
        query,
        lambda cursor, size: selectors.candidates_page(
            user=user, state=query.state, rule=query.rule or "", cursor=cursor, size=size
        ),
    )


@router.get(
    "/legend-candidates/{pk}",
    response={200: CandidateOut, **ERRORS},
    operation_id="legend_candidate_get",
    tags=["legend candidates"],
)
def candidate_get(request: HttpRequest, pk: PathId) -> Candidate:
    return selectors.candidate_get_for_user(user=actor(request), pk=pk)


@router.post(
    "/legend-candidates/{pk}/dismiss",
    response={200: CandidateOut, **ERRORS},
    operation_id="legend_candidate_dismiss",
    tags=["legend candidates"],
)
def candidate_dismiss(request: HttpRequest, pk: PathId) -> Candidate:
    """Not a story to tell; remembered, so it is not suggested again."""
    user = actor(request)
    services.candidate_dismiss(actor=user, candidate=selectors.candidate_get_for_user(user=user, pk=pk))
    return selectors.candidate_get_for_user(user=user, pk=pk)


@router.post(
    "/legend-candidates/{pk}/restore",
    response={200: CandidateOut, **ERRORS},
    operation_id="legend_candidate_restore",
    tags=["legend candidates"],
)
def candidate_restore(request: HttpRequest, pk: PathId) -> Candidate:
    user = actor(request)
    services.candidate_restore(actor=user, candidate=selectors.candidate_get_for_user(user=user, pk=pk))
    return selectors.candidate_get_for_user(user=user, pk=pk)


# Consent


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
    from wowdesk.legends.permissions import can_see_evidence

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


# Customers' stories


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


# Public legends


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


# Reading lists


@router.get(
    "/legend-reading-lists",
    response={200: ReadingListPageOut, **ERRORS},
    operation_id="reading_list_list",
    tags=["reading lists"],
)
def reading_list_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Every reading list, those for new hires first."""
    user = actor(request)
    return paged(page, lambda cursor, size: selectors.reading_lists_page(user=user, cursor=cursor, size=size))


def _curator(request: HttpRequest) -> Any:
    user = actor(request)
    if not can_curate(user):
        raise PermissionDenied("Only leads and admins curate reading lists.")
    return user


def _reading(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = actor(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    return reading_detail(found, selectors.reading_progress(user=user, reading_list=found))


@router.post(
    "/legend-reading-lists",
    response={201: ReadingListOut, **ERRORS},
    operation_id="reading_list_create",
    tags=["reading lists"],
)
def reading_list_create(request: HttpRequest, payload: ReadingListIn) -> Status[dict[str, Any]]:
    created = services.reading_list_create(actor=_curator(request), **payload.dict())
    return Status(201, _reading(request, created.pk))


@router.get(
    "/legend-reading-lists/{pk}",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_get",
    tags=["reading lists"],
)
def reading_list_get(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """The list's published legends in order, each marked read or not by you."""
    return _reading(request, pk)


@router.put(
    "/legend-reading-lists/{pk}",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_update",
    tags=["reading lists"],
)
def reading_list_update(request: HttpRequest, pk: PathId, payload: ReadingListIn) -> dict[str, Any]:
    user = _curator(request)
    services.reading_list_update(
        actor=user, reading_list=selectors.reading_list_get_for_user(user=user, pk=pk), **payload.dict()
    )
    return _reading(request, pk)


@router.post(
    "/legend-reading-lists/{pk}/items",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_add",
    tags=["reading lists"],
)
def reading_list_add(request: HttpRequest, pk: PathId, payload: ReadingItemIn) -> dict[str, Any]:
    user = _curator(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    legend = referenced("legend_id", lambda: selectors.legend_get_for_user(user=user, pk=payload.legend_id))
    services.reading_list_add(actor=user, reading_list=found, legend=legend, note=payload.note)
    return _reading(request, pk)


@router.delete(
    "/legend-reading-lists/{pk}/items/{legend_id}",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_remove",
    tags=["reading lists"],
)
def reading_list_remove(request: HttpRequest, pk: PathId, legend_id: PathId) -> dict[str, Any]:
    user = _curator(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    services.reading_list_remove(
        actor=user, reading_list=found, legend=selectors.legend_get_for_user(user=user, pk=legend_id)
    )
    return _reading(request, pk)


@router.post(
    "/legend-reading-lists/{pk}/items/{legend_id}/move",
    response={200: ReadingListDetailOut, **ERRORS},
    operation_id="reading_list_move",
    tags=["reading lists"],
)
def reading_list_move(request: HttpRequest, pk: PathId, legend_id: PathId, payload: ReadingMoveIn) -> dict[str, Any]:
    user = _curator(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    legend = selectors.legend_get_for_user(user=user, pk=legend_id)
    services.reading_list_move(actor=user, reading_list=found, legend=legend, up=payload.up)
    return _reading(request, pk)
