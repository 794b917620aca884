"""JSON API for legends: search, capture, edit, redact, move, versions, comments, reactions, reads, clips, values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Query, Router, Status, UploadedFile

from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.core.errors import NotFound
from wowdesk.legends import selectors, services
from wowdesk.legends.media import clip_response
from wowdesk.legends.models import CompanyValue, Legend, LegendComment, LegendVersion, State
from wowdesk.legends.permissions import can_manage_values
from wowdesk.legends.schemas import (
    ChecksOut,
    CommentIn,
    CommentOut,
    CommentPageOut,
    LegendCaptureIn,
    LegendOut,
    LegendPageOut,
    LegendQuery,
    LegendUpdateIn,
    ReactionsOut,
    RedactionIn,
    RedactionPreviewOut,
    TransitionIn,
    ValueIn,
    ValueOut,
    ValuePageOut,
    ValuesQuery,
    ValueUpdateIn,
    VersionOut,
    VersionPageOut,
)
from wowdesk.legends.selectors import LegendFilters, Social

router = Router(tags=["legends"])


def _detail(user: Any, pk: int) -> Legend:
    return selectors.legend_get_for_user(user=user, pk=pk)


def _values(ids: list[int]) -> list[CompanyValue]:
    return referenced("value_ids", lambda: selectors.values_by_ids(ids)) if ids else []


@router.get("/legends", response={200: LegendPageOut, **ERRORS}, operation_id="legend_list")
def legend_list(request: HttpRequest, query: Query[LegendQuery]) -> dict[str, Any]:
    """Published legends newest first (or one shelf: drafts, in review, retired), searchable.

    Filters: words in the title, story or lesson; a value's slug; team;
    channel; the year it happened. Never sorted by reactions or by person.
    """
    user = actor(request)
    filters = LegendFilters(
        q=" ".join((query.q or "").split()),
        value=query.value or "",
        team=query.team_id,
        channel=query.channel or "",
        year=query.year,
        show=query.show,
    )
    return paged(
        query, lambda cursor, size: selectors.legend_search(user=user, filters=filters, cursor=cursor, size=size)
    )


@router.post("/legends", response={201: LegendOut, **ERRORS}, operation_id="legend_capture")
def legend_capture(request: HttpRequest, payload: LegendCaptureIn) -> Status[Legend]:
    """ "Tell this story": a draft from a conversation, gesture, Hero nomination, customer story or candidate.

    Each id must name something you may see (422 on that field otherwise).
    The draft carries the evidence's key facts; ``story`` left out is drafted
    from them.
    """
    user = actor(request)
    renamed = {
        "conversation": "conversation_id",
        "gesture": "gesture_id",
        "nomination": "nomination_id",
        "customer_story": "customer_story_id",
        "candidate": "candidate_id",
        "values": "value_ids",
    }
    with fields_renamed(renamed):
        sources, candidate = selectors.resolve_sources(
            user=user,
            conversation=payload.conversation_id,
            gesture=payload.gesture_id,
            nomination=payload.nomination_id,
            customer_story=payload.customer_story_id,
            candidate=payload.candidate_id,
        )
        legend = services.legend_capture(
            actor=user,
            sources=sources,
            candidate=candidate,
            title=payload.title,
            story=payload.story,
            lesson=payload.lesson,
            values=_values(payload.value_ids),
        )
    return Status(201, _detail(user, legend.pk))


@router.get("/legends/{pk}", response={200: LegendOut, **ERRORS}, operation_id="legend_get")
def legend_get(request: HttpRequest, pk: PathId) -> Legend:
    return _detail(actor(request), pk)


@router.put("/legends/{pk}", response={200: LegendOut, **ERRORS}, operation_id="legend_update")
def legend_update(request: HttpRequest, pk: PathId, payload: LegendUpdateIn) -> Legend:
    """Change a draft or a legend in review. Give ``expected_version`` to be told (422) if someone saved first."""
    user = actor(request)
    legend = _detail(user, pk)
    with fields_renamed({"values": "value_ids", "version": "expected_version"}):
        services.legend_update(
            actor=user,
            legend=legend,
            title=payload.title,
            story=payload.story,
            lesson=payload.lesson,
            values=_values(payload.value_ids),
            clip_link=payload.clip_link,
            expected_version=payload.expected_version,
        )
    return _detail(user, pk)


@router.get("/legends/{pk}/checks", response={200: ChecksOut, **ERRORS}, operation_id="legend_checks")
def legend_checks(request: HttpRequest, pk: PathId) -> dict[str, list[dict[str, str]]]:
    """What would stop publishing now: personal data found, consent, missing lesson or value, the clip."""
    legend = _detail(actor(request), pk)

    def flat(to: str) -> list[dict[str, str]]:
        problems = services.publish_problems(legend, to=to)
        return [{"field": field, "message": message} for field, messages in problems.items() for message in messages]

    return {"staff": flat(State.STAFF), "public": flat(State.PUBLIC)}


@router.post("/legends/{pk}/transitions", response={200: LegendOut, **ERRORS}, operation_id="legend_transition")
def legend_transition(request: HttpRequest, pk: PathId, payload: TransitionIn) -> Legend:
    """Move a legend: submit, send back, publish to staff or the public, retire, back to draft.

    Publishing with personal data found, or to the public without consent
    for the exact text, is a 422 naming the field (``story``, ``consent``…).
    """
    user = actor(request)
    services.legend_transition(actor=user, legend=_detail(user, pk), to=payload.to, note=payload.note)
    return _detail(user, pk)


@router.post(
    "/legends/{pk}/redaction-preview",
    response={200: RedactionPreviewOut, **ERRORS},
    operation_id="legend_redaction_preview",
)
def legend_redaction_preview(request: HttpRequest, pk: PathId, payload: RedactionIn) -> services.RedactionPreview:
    """What redacting would find and the text after it. Changes nothing."""
    legend = _detail(actor(request), pk)
    return services.redaction_preview(legend=legend, extra=payload.extra, alias=payload.alias, keep=payload.keep)


@router.post("/legends/{pk}/redaction", response={200: LegendOut, **ERRORS}, operation_id="legend_redact")
def legend_redact(request: HttpRequest, pk: PathId, payload: RedactionIn) -> Legend:
    user = actor(request)
    services.legend_redact(
        actor=user, legend=_detail(user, pk), extra=payload.extra, alias=payload.alias, keep=payload.keep
    )
    return _detail(user, pk)


@router.get("/legends/{pk}/versions", response={200: VersionPageOut, **ERRORS}, operation_id="legend_versions")
def legend_versions(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """Every change, newest first."""
    legend = _detail(actor(request), pk)
    return paged(page, lambda cursor, size: selectors.versions_page(legend=legend, cursor=cursor, size=size))


@router.get("/legends/{pk}/versions/{number}", response={200: VersionOut, **ERRORS}, operation_id="legend_version")
def legend_version(request: HttpRequest, pk: PathId, number: PathId) -> LegendVersion:
    return selectors.version_get(legend=_detail(actor(request), pk), number=number)


@router.get("/legends/{pk}/comments", response={200: CommentPageOut, **ERRORS}, operation_id="legend_comments")
def legend_comments(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """Oldest first. Review comments only for the author and reviewers."""
    user = actor(request)
    legend = _detail(user, pk)
    return paged(page, lambda cursor, size: selectors.comments_page(user=user, legend=legend, cursor=cursor, size=size))


@router.post("/legends/{pk}/comments", response={201: CommentOut, **ERRORS}, operation_id="legend_comment")
def legend_comment(request: HttpRequest, pk: PathId, payload: CommentIn) -> Status[LegendComment]:
    user = actor(request)
    return Status(201, services.legend_comment(actor=user, legend=_detail(user, pk), body=payload.body))


def _social(user: Any, legend: Legend) -> Social:
    return selectors.social_for(user=user, legends=[legend]).get(legend.pk) or Social()


@router.put("/legends/{pk}/reactions/{kind}", response={200: ReactionsOut, **ERRORS}, operation_id="legend_react")
def legend_react(request: HttpRequest, pk: PathId, kind: str) -> Social:
    """Add your reaction (touched, applause, learned); doing it twice is harmless."""
    user = actor(request)
    legend = _detail(user, pk)
    services.legend_react(actor=user, legend=legend, kind=kind, on=True)
    return _social(user, legend)


@router.delete("/legends/{pk}/reactions/{kind}", response={200: ReactionsOut, **ERRORS}, operation_id="legend_unreact")
def legend_unreact(request: HttpRequest, pk: PathId, kind: str) -> Social:
    user = actor(request)
    legend = _detail(user, pk)
    services.legend_react(actor=user, legend=legend, kind=kind, on=False)
    return _social(user, legend)


@router.put("/legends/{pk}/read", response={200: ReactionsOut, **ERRORS}, operation_id="legend_mark_read")
def legend_mark_read(request: HttpRequest, pk: PathId) -> Social:
    """Mark a published legend read (reading lists tick it off)."""
    user = actor(request)
    legend = _detail(user, pk)
    services.legend_mark_read(actor=user, legend=legend)
    return _social(user, legend)


@router.delete("/legends/{pk}/read", response={200: ReactionsOut, **ERRORS}, operation_id="legend_mark_unread")
def legend_mark_unread(request: HttpRequest, pk: PathId) -> Social:
    user = actor(request)
    legend = _detail(user, pk)
    services.legend_mark_read(actor=user, legend=legend, read=False)
    return _social(user, legend)


@router.post("/legends/{pk}/clip", response={200: LegendOut, **ERRORS}, operation_id="legend_clip_upload")
def legend_clip_upload(request: HttpRequest, pk: PathId, clip: File[UploadedFile]) -> Legend:
    """Upload a short video or audio clip (multipart, field ``clip``). Checked by its contents and size (422)."""
    user = actor(request)
    services.legend_clip_attach(actor=user, legend=_detail(user, pk), upload=clip)
    return _detail(user, pk)


@router.delete("/legends/{pk}/clip", response={200: LegendOut, **ERRORS}, operation_id="legend_clip_remove")
def legend_clip_remove(request: HttpRequest, pk: PathId) -> Legend:
    user = actor(request)
    services.legend_clip_remove(actor=user, legend=_detail(user, pk))
    return _detail(user, pk)


@router.post("/legends/{pk}/clip/check", response={200: LegendOut, **ERRORS}, operation_id="legend_clip_confirm")
def legend_clip_confirm(request: HttpRequest, pk: PathId) -> Legend:
    """A reviewer confirms the clip names no customer details (needed before it can go public)."""
    user = actor(request)
    services.legend_clip_confirm(actor=user, legend=_detail(user, pk))
    return _detail(user, pk)


@router.get(
    "/legends/{pk}/clip",
    response={200: None, **ERRORS},
    operation_id="legend_clip",
    url_name="legend_clip",
    openapi_extra={"responses": {"200": {"description": "The clip, as stored (video/* or audio/*)."}}},
)
def legend_clip(request: HttpRequest, pk: PathId, download: bool = False) -> HttpResponseBase:
    """The clip with its checked content type, ``nosniff`` and a sandboxing CSP; one ``Range`` is honoured."""
    legend = _detail(actor(request), pk)
    if not legend.clip:
        raise NotFound("This legend has no clip.")
    return clip_response(
        legend.clip.open("rb"),
        content_type=legend.clip_type,
        size=legend.clip_size,
        filename=f"legend-{legend.pk}.{(legend.clip.name or '').rsplit('.', 1)[-1]}",
        download=download,
        range_header=request.headers.get("Range", ""),
    )


@router.get(
    "/legend-values", response={200: ValuePageOut, **ERRORS}, operation_id="legend_value_list", tags=["legend values"]
)
def value_list(request: HttpRequest, query: Query[ValuesQuery]) -> dict[str, Any]:
    actor(request)
    return paged(
        query,
        lambda cursor, size: selectors.values_page(active_only=not query.include_retired, cursor=cursor, size=size),
    )


@router.post(
    "/legend-values", response={201: ValueOut, **ERRORS}, operation_id="legend_value_create", tags=["legend values"]
)
def value_create(request: HttpRequest, payload: ValueIn) -> Status[CompanyValue]:
    """Admins only (403 otherwise)."""
    user = actor(request)
    if not can_manage_values(user):
        raise PermissionDenied("Only an admin can change the list of values.")
    return Status(
        201,
        services.value_create(
            actor=user, name=payload.name, description=payload.description, position=payload.position
        ),
    )


@router.put(
    "/legend-values/{pk}",
    response={200: ValueOut, **ERRORS},
    operation_id="legend_value_update",
    tags=["legend values"],
)
def value_update(request: HttpRequest, pk: PathId, payload: ValueUpdateIn) -> CompanyValue:
    """Rename, reword, reorder or retire (``is_active: false``) a value. Admins only."""
    user = actor(request)
    if not can_manage_values(user):
        raise PermissionDenied("Only an admin can change the list of values.")
    return services.value_update(
        actor=user,
        value=selectors.value_get(pk=pk),
        name=payload.name,
        description=payload.description,
        is_active=payload.is_active,
        position=payload.position,
    )
