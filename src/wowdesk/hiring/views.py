"""Hiring pages: the candidate list, a new candidate, and one candidate's page with its panel and scorecards.

Every form on the candidate page posts to its own view; a refusal
re-renders the page with that form's errors (400), a success redirects
back to it. The list answers htmx with its results partial.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, staff_user
from wowdesk.hiring.forms import CandidateForm, MoveForm, PanelAddForm, ScorecardForm
from wowdesk.hiring.models import Candidate, Status
from wowdesk.hiring.permissions import can_manage_hiring
from wowdesk.hiring.selectors import candidate_get_for_user, candidate_view, candidates_page, panel_choices
from wowdesk.hiring.services import candidate_create, candidate_move, panel_add, panel_remove, scorecard_submit

LIST = "hiring/list.html"


@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    status_filter = request.GET.get("status", "")
    errors: list[str] = []
    status = 200
    try:
        page = candidates_page(user=user, status=status_filter, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors = [f"{field}: {' '.join(text)}" for field, text in exc.message_dict.items()]
        page, status = Page(items=[], next_cursor=None), 400
    except (ValueError, TypeError, OverflowError):
        errors = [_("cursor: Invalid cursor; use the link to the next page.")]
        page, status = Page(items=[], next_cursor=None), 400
    context: dict[str, Any] = {
        "nav": "hiring",
        "page": page,
        "status_filter": status_filter,
        "statuses": Status.choices,
        "errors": errors,
        "can_manage": can_manage_hiring(user),
    }
    return render(request, f"{LIST}#results" if is_htmx(request) else LIST, context, status=status)


@require_http_methods(["GET", "POST"])
def candidate_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not can_manage_hiring(user):
        raise PermissionDenied(_("Hiring is run by leads and admins."))
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = candidate_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Candidate added. Now choose the panel, with someone from customer service."))
            return redirect("hiring:detail", pk=candidate.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "hiring/new.html", {"nav": "hiring", "form": form}, status=status)


def _render(request: HttpRequest, candidate: Candidate, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = staff_user(request)
    people = panel_choices()
    context: dict[str, Any] = {
        "nav": "hiring",
        "view": candidate_view(user=user, candidate=candidate),
        "panel_form": forms.get("panel_form") or PanelAddForm(people=people),
        "scorecard_form": forms.get("scorecard_form") or ScorecardForm(),
        "move_form": forms.get("move_form") or MoveForm(people=people),
        "move_errors": forms.get("move_errors", []),
    }
    return render(request, "hiring/detail.html", context, status=status)


@require_GET
def candidate_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, candidate_get_for_user(user=staff_user(request), pk=pk))


@require_POST
def panel_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    form = PanelAddForm(request.POST, people=panel_choices())
    if form.is_valid():
        try:
            panel_add(actor=user, candidate=candidate, user=form.cleaned_data["user"])
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"candidate": "__all__"})
        else:
            return redirect("hiring:detail", pk=pk)
    return _render(request, candidate, status=400, panel_form=form)


@require_POST
def panel_remove_view(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    user = staff_user(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    try:
        panel_remove(actor=user, candidate=candidate, user_id=user_pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("hiring:detail", pk=pk)


@require_POST
def scorecard_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    form = ScorecardForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            scorecard_submit(actor=user, candidate=candidate, values=data.pop("values"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scorecard in. You can read the others' now."))
            return redirect("hiring:detail", pk=pk)
    return _render(request, candidate, status=400, scorecard_form=form)


@require_POST
def move_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    candidate = candidate_get_for_user(user=user, pk=pk)
    form = MoveForm(request.POST, people=panel_choices())
    errors: list[str] = []
    if form.is_valid():
        try:
            candidate_move(
                actor=user, candidate=candidate, to=form.cleaned_data["status"], hired_user=form.cleaned_data["user"]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Moved on."))
            return redirect("hiring:detail", pk=pk)
    return _render(request, candidate, status=400, move_form=form, move_errors=errors)
