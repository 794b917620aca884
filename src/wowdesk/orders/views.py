"""Order pages: record an order, see it, change its status, report a problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wowdesk.conversations.selectors import conversations_for_customer
from wowdesk.core.errors import field_error
from wowdesk.core.web import add_service_errors, redirect_after_post, staff_user
from wowdesk.customers.selectors import conversation_of_customer, customer_get_for_user
from wowdesk.orders import services
from wowdesk.orders.forms import OrderForm, OrderItemFormSet, OrderStatusForm, ProblemReportForm
from wowdesk.orders.models import Order
from wowdesk.orders.selectors import order_detail as order_detail_selector

ITEM_ERROR = re.compile(r"^items\[(\d+)\]\.?(\w*)$")
MAX_ROWS = 50


def _render_detail(
    request: HttpRequest,
    order: Order,
    *,
    status: int = 200,
    status_form: OrderStatusForm | None = None,
    problem_form: ProblemReportForm | None = None,
) -> HttpResponse:
    user = staff_user(request)
    choices = [(c.pk, f"#{c.pk} {c.subject}") for c in conversations_for_customer(user=user, customer=order.customer)]
    if problem_form is None:
        problem_form = ProblemReportForm(conversations=choices)
    else:
        problem_form.fields["conversation"].widget = forms.Select(choices=[("", "—"), *choices])
    context = {
        "order": order,
        "status_form": status_form or OrderStatusForm(initial={"status": order.status}),
        "problem_form": problem_form,
        "nav": "customers",
    }
    return render(request, "orders/detail.html", context, status=status)


@require_http_methods(["GET"])
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, order_detail_selector(user=staff_user(request), pk=pk))


def _item_errors(filled: Sequence[forms.Form], order_form: OrderForm, exc: ValidationError) -> None:
    """Put ``items[i].field`` errors from the service on the i-th filled row."""
    rest: dict[str, list[str]] = {}
    for key, messages_ in exc.message_dict.items():
        match = ITEM_ERROR.match(key)
        if match and int(match[1]) < len(filled):
            row = filled[int(match[1])]
            row.add_error(match[2] if match[2] in row.fields else None, messages_)
        else:
            rest[key] = messages_
    if rest:
        add_service_errors(order_form, ValidationError(rest))


@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    raw_customer = request.GET.get("customer", "")
    if not raw_customer.isdigit():
        error = _("customer: choose the customer this order belongs to.")
        return render(request, "orders/form.html", {"customer_error": error, "nav": "customers"}, status=400)
    customer = customer_get_for_user(user=user, pk=int(raw_customer))
    status = 200
    if request.method == "POST":
        form = OrderForm(request.POST)
        formset = OrderItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            # Blank spare rows are not items; service errors count rows among the filled ones.
            filled = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
            items = [
                services.ItemInput(
                    description=f.cleaned_data["description"],
                    sku=f.cleaned_data["sku"],
                    quantity=f.cleaned_data["quantity"],
                    unit_price=f.cleaned_data["unit_price"],
                )
                for f in filled
            ]
            try:
                order = services.order_create(customer=customer, items=items, **form.cleaned_data)
            except ValidationError as exc:
                _item_errors(filled, form, exc)
            else:
                messages.success(request, _("Order %(number)s recorded.") % {"number": order.number})
                return redirect("orders:detail", pk=order.pk)
        status = 400
    else:
        form = OrderForm()
        rows = min(int(request.GET["rows"]), MAX_ROWS) if request.GET.get("rows", "").isdigit() else 3
        formset = OrderItemFormSet(prefix="items")
        formset.extra = max(rows - formset.min_num, 0)
    context: dict[str, Any] = {"form": form, "formset": formset, "customer": customer, "nav": "customers"}
    return render(request, "orders/form.html", context, status=status)


@require_POST
def order_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_detail_selector(user=staff_user(request), pk=pk)
    form = OrderStatusForm(request.POST)
    if form.is_valid():
        try:
            services.order_set_status(order=order, status=form.cleaned_data["status"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            fallback = reverse("orders:detail", kwargs={"pk": order.pk})
            return redirect_after_post(request, next_url=form.cleaned_data["next"] or None, fallback=fallback)
    return _render_detail(request, order, status=400, status_form=form)


@require_POST
def problem_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    order = order_detail_selector(user=user, pk=pk)
    form = ProblemReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            conversation = conversation_of_customer(
                user=user, customer_id=order.customer_id, conversation_id=data["conversation"]
            )
            if conversation is None:  # the form requires one; this narrows the type
                raise field_error("conversation", _("Choose the conversation where the problem was raised."))
            services.problem_report_create(
                actor=user, order=order, conversation=conversation, kind=data["kind"], description=data["description"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            fallback = reverse("orders:detail", kwargs={"pk": order.pk})
            return redirect_after_post(request, next_url=data["next"] or None, fallback=fallback)
    return _render_detail(request, order, status=400, problem_form=form)
