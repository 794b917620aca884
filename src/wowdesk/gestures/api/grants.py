"""Granting gestures, and reading them back: lists, one gesture, its audit trail, spend."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import HeaderEx, P, Query, Router, Status

from wowdesk.accounts.models import User
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import field_error
from wowdesk.customers.selectors import customer_get_for_user
from wowdesk.gestures import selectors, services
from wowdesk.gestures.models import Gesture
from wowdesk.gestures.schemas import (
    AuditPageOut,
    GestureListQuery,
    GestureOut,
    GesturePageOut,
    GrantIn,
    SidekickListOut,
    SuggestionListOut,
    SummaryOut,
    SummaryQuery,
)
from wowdesk.orders.models import Order, OrderItem
from wowdesk.orders.selectors import order_get_for_user

router = Router(tags=["gestures"])

IdempotencyKey = HeaderEx[
    str | None,
    P(
        alias="Idempotency-Key",
        max_length=255,
        description="Send the same key when retrying; the first gesture is returned and nothing new is created.",
    ),
]


def _filters(query: GestureListQuery | SummaryQuery) -> selectors.GestureFilters:
    return selectors.GestureFilters(
        team=query.team_id,
        rep=query.rep_id,
        kind=query.kind or "",
        reason=query.reason or "",
        month=query.month or "",
        customer=query.customer_id,
        conversation=getattr(query, "conversation_id", None),
    )


def _order(user: User, payload: GrantIn) -> tuple[Order | None, OrderItem | None]:
    if payload.order_id is None:
        if payload.order_item_id is not None:
            raise field_error("order_id", _("Give the order the item is on."))
        return None, None
    order_id = payload.order_id
    order = referenced("order_id", lambda: order_get_for_user(user=user, pk=order_id))
    if payload.order_item_id is None:
        return order, None
    item = order.items.filter(pk=payload.order_item_id).first()
    if item is None:
        raise field_error("order_item_id", _("No such item on this order."))
    return order, item


@router.get("/gestures", response={200: GesturePageOut, **ERRORS}, operation_id="gesture_list")
def gesture_list(request: HttpRequest, query: Query[GestureListQuery]) -> dict[str, Any]:
    """Every grant the caller may see, newest first, with where each one stands."""
    user = actor(request)
    filters = _filters(query)
    return paged(
        query, lambda cursor, size: selectors.gesture_list(user=user, filters=filters, cursor=cursor, size=size)
    )


@router.get("/gesture-summary", response={200: SummaryOut, **ERRORS}, operation_id="gesture_summary")
def gesture_summary(request: HttpRequest, query: Query[SummaryQuery]) -> dict[str, Any]:
    """Spend by month and by reason (per currency), and customers who received several.

    Nothing is broken down or ranked by rep.
    """
    summary = selectors.gesture_summary(user=actor(request), filters=_filters(query))
    return {
        "by_month": [
            {"month": r.key, "currency": r.currency, "total": r.total, "count": r.count} for r in summary.by_month
        ],
        "by_reason": [
            {"reason": r.key, "currency": r.currency, "total": r.total, "count": r.count} for r in summary.by_reason
        ],
        "repeat_customers": [
            {"customer": {"id": r.customer_id, "name": r.name}, "count": r.count, "last_granted_at": r.last_granted_at}
            for r in summary.repeat_customers
        ],
    }


@router.post("/conversations/{pk}/gestures", response={201: GestureOut, **ERRORS}, operation_id="gesture_grant")
def gesture_grant(
    request: HttpRequest, pk: PathId, payload: GrantIn, response: HttpResponse, idempotency_key: IdempotencyKey = None
) -> Status[Gesture]:
    """Grant a gesture to the conversation's customer. No approval; ``why`` is the only requirement.

    With an ``Idempotency-Key`` header, a retry of the same request answers
    with the first gesture (and ``Idempotent-Replayed: true``) and creates
    nothing; the same key with a different request is a 422 on ``Idempotency-Key``.
    """
    user = actor(request)
    renamed = {
        "item": "item_id",
        "order": "order_id",
        "order_item": "order_item_id",
        "idempotency_key": "Idempotency-Key",
    }
    with transaction.atomic(), fields_renamed(renamed):
        conversation = conversation_get_for_user(user=user, pk=pk)
        item = referenced("item_id", lambda: selectors.catalogue_item_get(pk=payload.item_id))
        order, order_item = _order(user, payload)
        granted = services.gesture_grant(
            actor=user,
            conversation=conversation,
            item=item,
            why=payload.why,
            reason=payload.reason,
            message=payload.message,
            description=payload.description,
            amount=payload.amount,
            cost=payload.cost,
            currency=payload.currency,
            order=order,
            order_item=order_item,
            recipient=payload.recipient,
            ship_to=payload.ship_to,
            expires_at=payload.expires_at,
            max_uses=payload.max_uses,
            idempotency_key=idempotency_key or "",
        )
    if granted.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(201, selectors.gesture_get_for_user(user=user, pk=granted.gesture.pk))


@router.get("/gestures/{pk}", response={200: GestureOut, **ERRORS}, operation_id="gesture_get")
def gesture_get(request: HttpRequest, pk: PathId) -> Gesture:
    return selectors.gesture_get_for_user(user=actor(request), pk=pk)


@router.get("/gestures/{pk}/audit", response={200: AuditPageOut, **ERRORS}, operation_id="gesture_audit")
def gesture_audit(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """The append-only trail: the grant and every change after it, oldest first."""
    gesture = selectors.gesture_get_for_user(user=actor(request), pk=pk)
    return paged(page, lambda cursor, size: selectors.audit_page(gesture=gesture, cursor=cursor, size=size))


@router.get("/customers/{pk}/gestures", response={200: GesturePageOut, **ERRORS}, operation_id="customer_gesture_list")
def customer_gesture_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    user = actor(request)
    customer = customer_get_for_user(user=user, pk=pk)
    return paged(
        page,
        lambda cursor, size: selectors.gestures_page_for_customer(
            user=user, customer=customer, cursor=cursor, size=size
        ),
    )


@router.get(
    "/conversations/{pk}/gesture-suggestions",
    response={200: SuggestionListOut, **ERRORS},
    operation_id="gesture_suggestions",
)
def gesture_suggestions(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """What the suggestion rules propose for the customer's recent life moments, today."""
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    found = selectors.suggestions_for(customer=conversation.customer, today=timezone.localdate())
    return {
        "items": [
            {
                "rule_id": s.rule.pk,
                "item": s.rule.item,
                "hint": s.rule.hint,
                "why": s.rule.why,
                "message": s.rule.message,
                "reason": s.rule.reason,
                "moment": s.moment,
                "occasion": s.occasion,
                "already_granted_id": s.already_granted.pk if s.already_granted else None,
            }
            for s in found
        ]
    }


@router.get(
    "/conversations/{pk}/sidekicks", response={200: SidekickListOut, **ERRORS}, operation_id="conversation_sidekicks"
)
def conversation_sidekicks(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """Who helped with gestures granted in this conversation (for Hero nominations)."""
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    return {
        "items": [
            {
                "user": s.user,
                "department": s.user.department.name if s.user.department else None,
                "gesture_id": s.gesture_id,
                "added_at": s.added_at,
            }
            for s in selectors.sidekicks_for_conversation(conversation_id=conversation.pk)
        ]
    }
