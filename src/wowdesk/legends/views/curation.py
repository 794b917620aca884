"""Candidates, reading lists, values and the moderation of customers' stories."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, redirect_after_post, staff_user
from wowdesk.legends import selectors, services
from wowdesk.legends.forms import (
    CandidateFilterForm,
    ModerationForm,
    ReadingAddForm,
    ReadingItemForm,
    ReadingListForm,
    ValueForm,
)
from wowdesk.legends.models import CandidateState, StoryState
from wowdesk.legends.permissions import can_curate, can_manage_values, can_moderate_stories
from wowdesk.legends.rules import RULE_LABELS


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    return list(exc.messages)


@require_GET
def candidates(request: HttpRequest) -> HttpResponse:
    """Likely legends the product found, each with why; newest evidence first."""
    user = staff_user(request)
    form = CandidateFilterForm(request.GET)
    errors: list[str] = []
    status = 200
    page: Page[Any] = Page(items=[], next_cursor=None)
    state, rule = CandidateState.OPEN, ""
    if form.is_valid():
        state = form.cleaned_data.get("state") or CandidateState.OPEN
        rule = form.cleaned_data.get("rule") or ""
        try:
            page = selectors.candidates_page(
                user=user, state=state, rule=rule, cursor=cursor_param(request), size=page_size()
            )
        except ValidationError as exc:
            errors, status = _errors(exc), 400
    else:
        errors, status = [f"{f}: {' '.join(str(m) for m in ms)}" for f, ms in form.errors.items()], 400
    context = {
        "nav": "legends",
        "form": form,
        "page": page,
        "state": state,
        "rule": rule,
        "rule_labels": RULE_LABELS,
        "errors": errors,
        "query": request.GET.copy(),
    }
    template = "legends/candidates.html#list" if is_htmx(request) else "legends/candidates.html"
    return render(request, template, context, status=status)


def _candidate_action(request: HttpRequest, pk: int, *, restore: bool) -> HttpResponse:
    user = staff_user(request)
    candidate = selectors.candidate_get_for_user(user=user, pk=pk)
    try:
        if restore:
            services.candidate_restore(actor=user, candidate=candidate)
        else:
            services.candidate_dismiss(actor=user, candidate=candidate)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect_after_post(request, next_url=request.POST.get("next"), fallback="/legends/candidates/")
    if is_htmx(request):
        return HttpResponse("")  # the row disappears from this list
    messages.success(request, _("Brought back.") if restore else _("Dismissed. It will not be suggested again."))
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback="/legends/candidates/")


@require_POST
def candidate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _candidate_action(request, pk, restore=False)


@require_POST
def candidate_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _candidate_action(request, pk, restore=True)


@require_http_methods(["GET", "POST"])
def reading_lists(request: HttpRequest) -> HttpResponse:
    """Every reading list (new hires' first) with the reader's progress; leads and admins add lists here."""
    user = staff_user(request)
    form = ReadingListForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_curate(user):
            raise PermissionDenied
        if form.is_valid():
            try:
                created = services.reading_list_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("legends:reading_list", pk=created.pk)
        status = 400
    try:
        page = selectors.reading_lists_page(user=user, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        page, status = selectors.reading_lists_page(user=user, cursor=None, size=page_size()), 400
        messages.error(request, " ".join(exc.messages))
    context = {"nav": "legends", "page": page, "form": form, "can_curate": can_curate(user)}
    return render(request, "legends/reading_lists.html", context, status=status)


def _render_list(request: HttpRequest, pk: int, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = staff_user(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    context = {
        "nav": "legends",
        "reading_list": found,
        "progress": selectors.reading_progress(user=user, reading_list=found),
        "can_curate": can_curate(user),
        "edit_form": forms.get("edit_form")
        or ReadingListForm(
            initial={"name": found.name, "description": found.description, "for_new_hires": found.for_new_hires}
        ),
        "add_form": forms.get("add_form") or ReadingAddForm(),
    }
    return render(request, "legends/reading_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def reading_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    if request.method == "GET":
        return _render_list(request, pk)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    form = ReadingListForm(request.POST)
    if form.is_valid():
        try:
            services.reading_list_update(actor=user, reading_list=found, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("legends:reading_list", pk=pk)
    return _render_list(request, pk, status=400, edit_form=form)


@require_POST
def reading_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    form = ReadingAddForm(request.POST)
    if form.is_valid():
        try:
            legend = selectors.legend_get_for_user(user=user, pk=form.cleaned_data["legend"].pk)
            services.reading_list_add(actor=user, reading_list=found, legend=legend, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect_after_post(request, next_url=request.POST.get("next"), fallback=f"/legends/reading/{pk}/")
    return _render_list(request, pk, status=400, add_form=form)


def _item_action(request: HttpRequest, pk: int, *, remove: bool) -> HttpResponse:
    user = staff_user(request)
    found = selectors.reading_list_get_for_user(user=user, pk=pk)
    form = ReadingItemForm(request.POST)
    if not form.is_valid():
        return _render_list(request, pk, status=400)
    try:
        legend = selectors.legend_get_for_user(user=user, pk=form.cleaned_data["legend"])
        if remove:
            services.reading_list_remove(actor=user, reading_list=found, legend=legend)
        else:
            services.reading_list_move(actor=user, reading_list=found, legend=legend, up=form.cleaned_data["up"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_list(request, pk, status=400)
    return redirect("legends:reading_list", pk=pk)


@require_POST
def reading_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_action(request, pk, remove=True)


@require_POST
def reading_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_action(request, pk, remove=False)


@require_http_methods(["GET", "POST"])
def values(request: HttpRequest) -> HttpResponse:
    """The values legends show. Everyone reads the list; admins add, reword, reorder and retire."""
    user = staff_user(request)
    form = ValueForm(request.POST or None, initial={"is_active": True})
    status = 200
    if request.method == "POST":
        if not can_manage_values(user):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.value_create(
                    actor=user, name=data["name"], description=data["description"], position=data["position"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("legends:values")
        status = 400
    context = {
        "nav": "legends",
        "values": selectors.value_list(active_only=False),
        "form": form,
        "can_manage": can_manage_values(user),
    }
    return render(request, "legends/values.html", context, status=status)


@require_POST
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    if not can_manage_values(user):
        raise PermissionDenied
    value = selectors.value_get(pk=pk)
    form = ValueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.value_update(
                actor=user,
                value=value,
                name=data["name"],
                description=data["description"],
                is_active=data["is_active"],
                position=data["position"] if data["position"] is not None else value.position,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
            status = 400
        else:
            return redirect("legends:values")
    else:
        status = 400
        messages.error(request, " ".join(f"{f}: {' '.join(str(m) for m in ms)}" for f, ms in form.errors.items()))
    context = {
        "nav": "legends",
        "values": selectors.value_list(active_only=False),
        "form": ValueForm(),
        "can_manage": True,
    }
    return render(request, "legends/values.html", context, status=status)


@require_GET
def customer_stories(request: HttpRequest) -> HttpResponse:
    """Customers' own stories waiting for moderation (or already decided), for leads and admins."""
    user = staff_user(request)
    if not can_moderate_stories(user):
        raise PermissionDenied
    state = request.GET.get("state") or StoryState.PENDING
    status = 200
    errors: list[str] = []
    try:
        page = selectors.customer_stories_page(user=user, state=state, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        page, errors, status = Page(items=[], next_cursor=None), _errors(exc), 400
    context = {
        "nav": "legends",
        "page": page,
        "state": state,
        "states": StoryState.choices,
        "errors": errors,
        "form": ModerationForm(),
    }
    return render(request, "legends/customer_stories.html", context, status=status)


@require_POST
def customer_story_moderate(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    user = staff_user(request)
    if decision not in ("accept", "reject"):
        raise Http404
    story = selectors.customer_story_get_for_user(user=user, pk=pk)
    form = ModerationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "accept":
            services.customer_story_accept(actor=user, story=story, note=note)
            messages.success(
                request,
                _("Accepted: it is now a legend candidate%(shown)s.")
                % {"shown": _(" and shown on the public page") if story.may_publish else ""},
            )
        else:
            services.customer_story_reject(actor=user, story=story, note=note)
            messages.success(request, _("Not shown."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("legends:customer_stories")
