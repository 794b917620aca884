"""Shared pieces of the gesture pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wowdesk.conversations.permissions import can_see_conversation
from wowdesk.core.errors import field_error
from wowdesk.core.fields import MAX_INT
from wowdesk.core.web import staff_user
from wowdesk.gestures.forms import (
    ContributionForm,
    HuddleInviteForm,
    HuddleOpenForm,
    OrderRecordMoveForm,
    ShipmentMoveForm,
)
from wowdesk.gestures.models import Gesture
from wowdesk.gestures.selectors import GestureFilters, huddle_parts


def int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) <= MAX_INT:
        raise field_error(name, "Not a valid id.")
    return int(raw)


def filters_from(request: HttpRequest) -> GestureFilters:
    """The page's filters; a ValidationError names the query parameter that is wrong."""
    return GestureFilters(
        team=int_param(request, "team"),
        rep=int_param(request, "rep"),
        kind=request.GET.get("kind", "").strip(),
        reason=request.GET.get("reason", "").strip(),
        month=request.GET.get("month", "").strip(),
        customer=int_param(request, "customer"),
        conversation=int_param(request, "conversation"),
    )


def error_lines(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    return list(exc.messages)


def render_gesture(
    request: HttpRequest, gesture: Gesture, *, status: int = 200, **bound_forms: forms.BaseForm
) -> HttpResponse:
    """The gesture page, with any bound (invalid) form in place of its blank one."""
    huddle = huddle_parts(gesture=gesture)
    context: dict[str, Any] = {
        "gesture": gesture,
        # A huddle helper from another department sees the gesture but not its conversation,
        # so the page must not offer links that would only answer "not found".
        "sees_conversation": can_see_conversation(staff_user(request), gesture.conversation),
        "coupon": gesture.coupon_or_none,
        "shipment": gesture.shipment_or_none,
        "record": gesture.order_record_or_none,
        "huddle": huddle.huddle,
        "members": huddle.members,
        "contributions": huddle.contributions,
        "huddle_open_form": HuddleOpenForm(),
        "invite_form": HuddleInviteForm(),
        "contribution_form": ContributionForm(),
        "shipment_form": ShipmentMoveForm(),
        "record_form": OrderRecordMoveForm(),
        "nav": "gestures",
        **bound_forms,
    }
    return render(request, "gestures/detail.html", context, status=status)
