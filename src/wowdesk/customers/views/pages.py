"""Customer list, profile, history pages, create, edit and merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, staff_user
from wowdesk.customers import services
from wowdesk.customers.forms import CustomerCreateForm, CustomerForm, MergeTargetForm
from wowdesk.customers.selectors import (
    CUSTOMER_SORTS,
    customer_conversations_page,
    customer_directory,
    customer_get_for_user,
    customer_merge_summary,
    life_moments_page,
    merge_candidates,
    rapport_notes_page,
)
from wowdesk.customers.views.profile import render_profile
from wowdesk.orders.selectors import orders_page_for_customer

HISTORY_SECTIONS = ("moments", "notes", "orders", "conversations")


@require_http_methods(["GET"])
def customer_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    query = request.GET.get("q", "")
    sort = request.GET.get("sort", "name")
    errors: list[str] = []
    status = 200
    try:
        page = customer_directory(user=user, query=query, sort=sort, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors = [f"{field}: {'; '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        page, status = Page(items=[], next_cursor=None), 400
    context = {"page": page, "query": query, "sort": sort, "sorts": CUSTOMER_SORTS, "errors": errors}
    context["nav"] = "customers"
    template = "customers/list.html#results" if is_htmx(request) else "customers/list.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET"])
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=staff_user(request), pk=pk)
    if customer.pk != pk:
        # Old links to a merged-away duplicate land on the survivor, saying so.
        messages.info(request, _("Customer #%(pk)s was merged into %(name)s.") % {"pk": pk, "name": customer.name})
        return redirect("customers:detail", pk=customer.pk)
    return render_profile(request, customer)


@require_http_methods(["GET"])
def customer_history(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One paginated section of the profile (life moments, notes, orders or conversations)."""
    if section not in HISTORY_SECTIONS:
        raise Http404
    user = staff_user(request)
    customer = customer_get_for_user(user=user, pk=pk)
    cursor, size = cursor_param(request), page_size()
    page: Page[Any]
    try:
        if section == "moments":
            page = life_moments_page(customer=customer, cursor=cursor, size=size)
        elif section == "notes":
            page = rapport_notes_page(customer=customer, cursor=cursor, size=size)
        elif section == "orders":
            page = orders_page_for_customer(user=user, customer=customer, cursor=cursor, size=size)
        else:
            page = customer_conversations_page(user=user, customer=customer, cursor=cursor, size=size)
    except ValidationError as exc:
        return render(
            request,
            "customers/history.html",
            {"customer": customer, "section": section, "page": None, "errors": exc.messages, "nav": "customers"},
            status=400,
        )
    context = {"customer": customer, "section": section, "page": page, "nav": "customers"}
    return render(request, "customers/history.html", context)


@require_http_methods(["GET", "POST"])
def customer_create(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = CustomerCreateForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            email, phone = data.pop("email"), data.pop("phone")
            try:
                customer = services.customer_create(
                    emails=[email] if email else None, phones=[phone] if phone else None, **data
                )
            except ValidationError as exc:
                add_service_errors(form, exc, rename={"number": "phone"})
            else:
                messages.success(request, _("Customer created."))
                return redirect("customers:detail", pk=customer.pk)
        status = 400
    else:
        form = CustomerCreateForm()
    return render(request, "customers/form.html", {"form": form, "nav": "customers"}, status=status)


@require_http_methods(["GET", "POST"])
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=staff_user(request), pk=pk)
    status = 200
    if request.method == "POST":
        form = CustomerForm(request.POST)
        if form.is_valid():
            try:
                services.customer_update(customer=customer, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("customers:detail", pk=customer.pk)
        status = 400
    else:
        form = CustomerForm(instance=customer)
    context = {"form": form, "customer": customer, "nav": "customers"}
    return render(request, "customers/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def customer_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this customer into another: pick the survivor, confirm, then merge.

    GET ``?q=`` finds candidates, GET ``?into=`` shows what will move, and
    only the POST from that confirm page merges.
    """
    user = staff_user(request)
    source = customer_get_for_user(user=user, pk=pk)
    if source.pk != pk:
        messages.info(request, _("This customer was already merged into %(name)s.") % {"name": source.name})
        return redirect("customers:detail", pk=source.pk)
    data = request.POST if request.method == "POST" else request.GET
    context: dict[str, Any] = {"customer": source, "nav": "customers", "query": request.GET.get("q", "")}
    if "into" not in data:
        context["candidates"] = merge_candidates(user=user, source=source, query=context["query"])
        return render(request, "customers/merge.html", context)
    form = MergeTargetForm(data)
    target = None
    if form.is_valid():
        target = customer_get_for_user(user=user, pk=form.cleaned_data["into"])
        if request.method == "POST":
            try:
                services.customer_merge(actor=user, source=source, target=target)
            except ValidationError as exc:
                add_service_errors(form, exc, rename={"target": "into", "source": "into"})
            else:
                messages.success(request, _("%(source)s was merged into this customer.") % {"source": source.name})
                return redirect("customers:detail", pk=target.pk)
        elif target.pk == source.pk:
            form.add_error("into", _("A customer cannot be merged into itself."))
    context.update(form=form, target=target, summary=customer_merge_summary(customer=source))
    return render(request, "customers/merge.html", context, status=400 if form.errors else 200)
