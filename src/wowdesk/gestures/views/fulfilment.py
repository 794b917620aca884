"""The fulfilment queue, and the moves posted from it and from a gesture's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, page_size, redirect_after_post, staff_user
from wowdesk.gestures import services
from wowdesk.gestures.forms import OrderRecordMoveForm, ShipmentMoveForm
from wowdesk.gestures.models import OrderRecord, Shipment
from wowdesk.gestures.selectors import (
    ORDER_RECORD_VIEWS,
    SHIPMENT_VIEWS,
    gesture_detail,
    order_record_get_for_user,
    order_record_queue,
    queue_counts,
    shipment_get_for_user,
    shipment_queue,
)
from wowdesk.gestures.views.helpers import error_lines, render_gesture


def _view_choices(views: tuple[str, ...], states: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """The queue filter's options with words for people; the values stay what the URL and API take."""
    words = {"open": _("Not done yet"), "all": _("All"), **dict(states)}
    return [(view, str(words.get(view, view))) for view in views]


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Everything not done yet, soonest due first; late items are highlighted and counted."""
    user = staff_user(request)
    get = request.GET
    shipments_view = get.get("shipments") or "open"
    records_view = get.get("records") or "open"
    overdue = get.get("overdue") == "1"
    errors: list[str] = []
    status = 200
    shipments: Page[Shipment] = Page(items=[], next_cursor=None)
    records: Page[OrderRecord] = Page(items=[], next_cursor=None)
    try:
        shipments = shipment_queue(
            user=user,
            view=shipments_view,
            overdue=overdue,
            cursor=get.get("shipments_cursor") or None,
            size=page_size(),
        )
    except ValidationError as exc:
        errors += [line.replace("view:", "shipments:", 1) for line in error_lines(exc)]
        status = 400
    try:
        records = order_record_queue(
            user=user, view=records_view, overdue=overdue, cursor=get.get("records_cursor") or None, size=page_size()
        )
    except ValidationError as exc:
        errors += [line.replace("view:", "records:", 1) for line in error_lines(exc)]
        status = 400
    context: dict[str, Any] = {
        "shipments": shipments,
        "records": records,
        "shipments_view": shipments_view,
        "records_view": records_view,
        "shipment_views": _view_choices(SHIPMENT_VIEWS, Shipment.State.choices),
        "record_views": _view_choices(ORDER_RECORD_VIEWS, OrderRecord.State.choices),
        "overdue": overdue,
        "counts": queue_counts(user=user),
        "errors": errors,
        "nav": "fulfilment",
        "back": request.get_full_path(),
    }
    return render(request, "gestures/queue.html", context, status=status)


@require_POST
def shipment_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    shipment = shipment_get_for_user(user=user, pk=pk)
    form = ShipmentMoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.shipment_move(
                actor=user,
                shipment=shipment,
                state=data["state"],
                tracking_number=data["tracking_number"],
                carrier=data["carrier"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s.") % {"name": shipment.gesture.item_name, "state": moved.get_state_display()},
            )
            fallback = reverse("gestures:detail", kwargs={"pk": shipment.gesture_id})
            return redirect_after_post(request, next_url=data["next"] or None, fallback=fallback)
    gesture = gesture_detail(user=user, pk=shipment.gesture_id)
    return render_gesture(request, gesture, status=400, shipment_form=form)


@require_POST
def order_record_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    record = order_record_get_for_user(user=user, pk=pk)
    form = OrderRecordMoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.order_record_move(actor=user, record=record, state=data["state"], note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s on order %(order)s: %(state)s.")
                % {"kind": moved.get_kind_display(), "order": record.order.number, "state": moved.get_state_display()},
            )
            fallback = reverse("gestures:detail", kwargs={"pk": record.gesture_id})
            return redirect_after_post(request, next_url=data["next"] or None, fallback=fallback)
    gesture = gesture_detail(user=user, pk=record.gesture_id)
    return render_gesture(request, gesture, status=400, record_form=form)
