"""Granting a gesture from a conversation: the compact panel posts here, and so does the full form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.web import add_service_errors, redirect_after_post, staff_user
from wowdesk.gestures import services
from wowdesk.gestures.forms import GrantForm
from wowdesk.gestures.models import Gesture
from wowdesk.gestures.money import in_minor_units
from wowdesk.gestures.selectors import order_choices_for, order_item_get_for_user
from wowdesk.orders.models import Order, OrderItem
from wowdesk.orders.selectors import order_get_for_user

PREFILL = ("item", "reason", "why", "message", "amount", "order", "order_item", "description")


def _order(user: User, pk: int | None, item_pk: int | None) -> tuple[Order | None, OrderItem | None]:
    """The chosen order and line; choosing only a line means its order."""
    order = None
    if pk is not None:
        try:
            order = order_get_for_user(user=user, pk=pk)
        except NotFound as exc:
            raise field_error("order", _("No such order.")) from exc
    if item_pk is None:
        return order, None
    try:
        line = order_item_get_for_user(user=user, pk=item_pk)
    except NotFound as exc:
        raise field_error("order_item", _("No such item.")) from exc
    return order or line.order, line


def _grant(user: User, conversation: Conversation, data: dict[str, Any]) -> services.Granted:
    order, order_item = _order(user, data["order"], data["order_item"])
    return services.gesture_grant(
        actor=user,
        conversation=conversation,
        item=data["item"],
        reason=data["reason"],
        why=data["why"],
        message=data["message"],
        description=data["description"],
        amount=data["amount"],
        cost=data["cost"],
        currency=data["currency"] or None,
        order=order,
        order_item=order_item,
        recipient=data["recipient"],
        ship_to=data["ship_to"],
        idempotency_key=data["idempotency_key"],
    )


def granted_message(gesture: Gesture) -> str:
    cost = f"{in_minor_units(gesture.cost, gesture.currency)} {gesture.currency}"
    coupon = gesture.coupon_or_none
    if coupon is not None:
        return _("%(name)s granted (%(cost)s). Give the customer this code: %(code)s") % {
            "name": gesture.item_name,
            "cost": cost,
            "code": coupon.display_code,
        }
    return _("%(name)s granted (%(cost)s).") % {"name": gesture.item_name, "cost": cost}


@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the full grant form (a suggestion can prefill it). POST: grant, then back to the conversation."""
    user = staff_user(request)
    conversation = conversation_get_for_user(user=user, pk=pk)
    choices = order_choices_for(customer=conversation.customer)
    status = 200
    if request.method == "POST":
        form = GrantForm(request.POST, orders=choices.orders, order_items=choices.items)
        if form.is_valid():
            try:
                granted = _grant(user, conversation, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, granted_message(granted.gesture))
                fallback = reverse("conversations:detail", kwargs={"pk": conversation.pk}) + "#panel-gestures"
                return redirect_after_post(request, next_url=None, fallback=fallback)
        status = 400
    else:
        initial = {name: request.GET[name] for name in PREFILL if request.GET.get(name)}
        form = GrantForm(orders=choices.orders, order_items=choices.items, initial=initial)
    context = {"form": form, "conversation": conversation, "nav": "gestures"}
    return render(request, "gestures/grant.html", context, status=status)
