"""JSON API for card time, cards, the print-and-mail queue and Card of the Week."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from wowdesk.accounts.selectors import team_get
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.cards import selectors, services
from wowdesk.cards.models import Card, CardTimeSetting, CardVote
from wowdesk.cards.pdf import card_pdf, cards_pdf
from wowdesk.cards.schemas import (
    BatchIn,
    BatchPrintedOut,
    BatchQuery,
    CardIn,
    CardOut,
    CardPageOut,
    CardQueueQuery,
    CardTimeOut,
    CardTimeSettingIn,
    CardTimeSettingOut,
    CardVoteIn,
    CardVoteOut,
    GalleryOut,
    SuggestionOut,
    WinnerPageOut,
    drawing_bytes,
)
from wowdesk.cards.selectors import CardTimeToday, GalleryCard
from wowdesk.cards.suggestions import Suggestion, card_suggestions
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import field_error
from wowdesk.customers.selectors import customer_get_for_user

router = Router(tags=["cards"])

PDF = {
    "200": {"description": "A PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
}
PNG = {"200": {"description": "A PNG", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}}


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/card-time", response={200: CardTimeOut, **ERRORS}, operation_id="card_time_today", tags=["card time"])
def card_time_today(request: HttpRequest) -> CardTimeToday:
    return selectors.card_time_today(user=actor(request))


@router.post(
    "/card-time/start", response={200: CardTimeOut, **ERRORS}, operation_id="card_time_start", tags=["card time"]
)
def card_time_start(request: HttpRequest) -> CardTimeToday:
    """Open today's card block; starting it again keeps the first start."""
    user = actor(request)
    with transaction.atomic():
        services.card_time_start(user=user, setting=selectors.card_time_setting_for(user=user))
    return selectors.card_time_today(user=user)


@router.post(
    "/card-time/finish", response={200: CardTimeOut, **ERRORS}, operation_id="card_time_finish", tags=["card time"]
)
def card_time_finish(request: HttpRequest) -> CardTimeToday:
    user = actor(request)
    with transaction.atomic():
        services.card_time_finish(session=selectors.card_session_for_today(user=user))
    return selectors.card_time_today(user=user)


@router.get(
    "/card-time/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    operation_id="card_suggestions",
    tags=["card time"],
)
def card_time_suggestions(request: HttpRequest) -> list[Suggestion]:
    """Today's suggested recipients from your own recent conversations (a short, fixed-length list)."""
    return card_suggestions(user=actor(request))


@router.get(
    "/teams/{pk}/card-time",
    response={200: CardTimeSettingOut, **ERRORS},
    operation_id="team_card_time_get",
    tags=["card time"],
)
def team_card_time_get(request: HttpRequest, pk: PathId) -> CardTimeSetting:
    actor(request)
    return selectors.card_time_setting_for_team(team_id=team_get(pk=pk).pk)


@router.put(
    "/teams/{pk}/card-time",
    response={200: CardTimeSettingOut, **ERRORS},
    operation_id="team_card_time_set",
    tags=["card time"],
)
def team_card_time_set(request: HttpRequest, pk: PathId, payload: CardTimeSettingIn) -> CardTimeSetting:
    """Set the team's daily card block (its leads and admins only)."""
    with transaction.atomic():
        return services.card_time_configure(
            actor=actor(request),
            team=team_get(pk=pk),
            minutes=payload.minutes,
            weekdays=payload.weekdays,
            starts_at=payload.starts_at,
        )


@router.get("/cards", response={200: CardPageOut, **ERRORS}, operation_id="card_list")
def card_list(request: HttpRequest, filters: Query[CardQueueQuery]) -> dict[str, Any]:
    """The print-and-mail queue: your own cards (leads and admins: everyone's), newest first."""
    user = actor(request)
    return paged(
        filters,
        lambda cursor, size: selectors.print_queue(
            user=user, status=filters.status or "", day=filters.day, cursor=cursor, size=size
        ),
    )


@router.post("/cards", response={201: CardOut, **ERRORS}, operation_id="card_create")
def card_create(request: HttpRequest, payload: CardIn) -> Status[Card]:
    user = actor(request)
    with (
        transaction.atomic(),
        fields_renamed({"conversation": "conversation_id", "customer": "customer_id", "drawing": "drawing_png_base64"}),
    ):
        conversation = None
        if payload.conversation_id is not None:
            conversation_id = payload.conversation_id
            conversation = referenced(
                "conversation_id", lambda: conversation_get_for_user(user=user, pk=conversation_id)
            )
            customer = conversation.customer
        elif payload.customer_id is not None:
            customer_id = payload.customer_id
            customer = referenced("customer_id", lambda: customer_get_for_user(user=user, pk=customer_id))
        else:
            raise field_error("customer_id", "Give the conversation the card comes from, or the customer.")
        card = services.card_write(
            author=user,
            customer=customer,
            conversation=conversation,
            message=payload.message,
            poem=payload.poem,
            drawing=drawing_bytes(payload.drawing_png_base64) if payload.drawing_png_base64 else None,
            delivery=payload.delivery,
            name_shared=payload.name_shared,
        )
    return Status(201, selectors.card_get_for_user(user=user, pk=card.pk))


@router.get("/cards/{pk}", response={200: CardOut, **ERRORS}, operation_id="card_get")
def card_get(request: HttpRequest, pk: PathId) -> Card:
    return selectors.card_get_for_user(user=actor(request), pk=pk)


@router.get(
    "/cards/{pk}/pdf",
    response={404: Any},
    operation_id="card_pdf",
    url_name="card_pdf",
    openapi_extra={"responses": PDF},
)
def card_pdf_get(request: HttpRequest, pk: PathId) -> HttpResponse:
    """The print-ready PDF: the card page and, for mailed cards, the envelope page."""
    card = selectors.card_get_for_user(user=actor(request), pk=pk)
    return _file(card_pdf(card), "application/pdf", f"card-{card.pk}.pdf")


@router.get(
    "/cards/{pk}/drawing",
    response={404: Any},
    operation_id="card_drawing",
    url_name="card_drawing",
    openapi_extra={"responses": PNG},
)
def card_drawing(request: HttpRequest, pk: PathId) -> HttpResponse:
    card = selectors.card_get_for_user(user=actor(request), pk=pk)
    return _drawing(card)


def _drawing(card: Card) -> HttpResponse:
    if not card.drawing:
        raise field_error("drawing", "This card has no drawing.")
    with card.drawing.open("rb") as handle:
        return _file(handle.read(), "image/png", f"card-{card.pk}.png")


@router.post("/cards/{pk}/printed", response={200: CardOut, **ERRORS}, operation_id="card_mark_printed")
def card_mark_printed(request: HttpRequest, pk: PathId) -> Card:
    user = actor(request)
    with transaction.atomic():
        services.card_mark_printed(actor=user, card=selectors.card_get_for_user(user=user, pk=pk))
    return selectors.card_get_for_user(user=user, pk=pk)


@router.post("/cards/{pk}/mailed", response={200: CardOut, **ERRORS}, operation_id="card_mark_mailed")
def card_mark_mailed(request: HttpRequest, pk: PathId) -> Card:
    user = actor(request)
    with transaction.atomic():
        services.card_mark_mailed(actor=user, card=selectors.card_get_for_user(user=user, pk=pk))
    return selectors.card_get_for_user(user=user, pk=pk)


@router.get("/card-batch/pdf", response={422: Any}, operation_id="card_batch_pdf", openapi_extra={"responses": PDF})
def card_batch_pdf(request: HttpRequest, query: Query[BatchQuery]) -> HttpResponse:
    """Every card to mail written on ``day`` that you may see, in one PDF."""
    cards = selectors.batch_for_day(user=actor(request), day=query.day)
    return _file(cards_pdf(cards), "application/pdf", f"cards-{query.day.isoformat()}.pdf")


@router.post("/card-batch/printed", response={200: BatchPrintedOut, **ERRORS}, operation_id="card_batch_printed")
def card_batch_printed(request: HttpRequest, payload: BatchIn) -> dict[str, int]:
    user = actor(request)
    with transaction.atomic():
        printed = services.cards_mark_printed(actor=user, cards=selectors.batch_for_day(user=user, day=payload.day))
    return {"printed": printed}


@router.get(
    "/cards-of-the-week/current",
    response={200: GalleryOut, **ERRORS},
    operation_id="card_gallery",
    tags=["card of the week"],
)
def card_gallery(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """This week's cards, in the order written, with the customer's name hidden unless they agreed."""
    user = actor(request)
    week = services.voting_week()
    result = paged(page, lambda cursor, size: selectors.week_cards_page(week=week, cursor=cursor, size=size))
    return {
        "week": week,
        "closed": selectors.week_closed(week=week),
        "my_vote": selectors.my_card_vote(user=user, week=week),
        "items": [GalleryCard.of(card, viewer=user) for card in result["items"]],
        "next_cursor": result["next_cursor"],
    }


@router.get(
    "/cards-of-the-week/cards/{pk}/drawing",
    response={404: Any},
    operation_id="card_gallery_drawing",
    url_name="card_gallery_drawing",
    openapi_extra={"responses": PNG},
    tags=["card of the week"],
)
def card_gallery_drawing(request: HttpRequest, pk: PathId) -> HttpResponse:
    """A card's drawing as shown in the week's gallery and on the wall of fame (any staff member)."""
    return _drawing(selectors.gallery_card_get(user=actor(request), pk=pk))


@router.post("/card-votes", response={201: CardVoteOut, **ERRORS}, operation_id="card_vote", tags=["card of the week"])
def card_vote(request: HttpRequest, payload: CardVoteIn) -> Status[CardVote]:
    """One vote per person per week, for this week's cards, never your own."""
    user = actor(request)
    with transaction.atomic():
        card = referenced("card_id", lambda: selectors.gallery_card_get(user=user, pk=payload.card_id))
        with fields_renamed({"card": "card_id"}):
            vote = services.card_vote(voter=user, card=card)
    return Status(201, vote)


@router.get(
    "/cards-of-the-week",
    response={200: WinnerPageOut, **ERRORS},
    operation_id="card_of_the_week_list",
    tags=["card of the week"],
)
def card_of_the_week_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Past winners, newest week first."""
    actor(request)
    return paged(page, lambda cursor, size: selectors.winners_page(cursor=cursor, size=size))
