"""Onboarding pages: the overview, a stint week by week, "my onboarding", and the forms posted from them.

Every page works without JavaScript (post, then redirect back); with htmx,
a check-in or a milestone tick swaps just that part of the stint page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.accounts.models import User
from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, redirect_after_post, staff_user
from wowdesk.onboarding import selectors, services
from wowdesk.onboarding.forms import CheckInForm, ExtendForm, GraduateForm, ShowForm, StartForm, TickForm
from wowdesk.onboarding.models import PhoneStint
from wowdesk.onboarding.permissions import can_coach, can_lead, can_start_stints

STINT = "onboarding/stint.html"


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [" ".join(msgs) for msgs in exc.message_dict.values()]
    return list(exc.messages)


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Stints the viewer may see (leads and admins: everyone's), in calendar order, never ranked."""
    user = staff_user(request)
    form = ShowForm(request.GET)
    show, errors, status = selectors.SHOW_CURRENT, [], 200
    if form.is_valid():
        show = form.cleaned_data["show"] or selectors.SHOW_CURRENT
    else:
        errors, status = [" ".join(str(m) for m in ms) for ms in form.errors.values()], 400
    page: Page[PhoneStint] = Page(items=[], next_cursor=None)
    rows: list[selectors.StintSummary] = []
    if not errors:
        try:
            page, rows = selectors.stints_page(user=user, show=show, cursor=cursor_param(request), size=page_size())
        except ValidationError as exc:
            errors, status = _errors(exc), 400
        except (ValueError, TypeError, OverflowError):
            # A cursor of the right shape holding the wrong kind of value for this list's sort key.
            errors, status = [_("Invalid cursor; use the link from the previous page.")], 400
    context = {
        "nav": "onboarding",
        "rows": rows,
        "page": page,
        "show": show,
        "show_choices": selectors.SHOW_CHOICES,
        "can_start": can_start_stints(user),
        "mine": selectors.my_open_stint_brief(user=user),
        "errors": errors,
    }
    template = "onboarding/overview.html#results" if is_htmx(request) else "onboarding/overview.html"
    return render(request, template, context, status=status)


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The hire's week beside "Onboarding" in the menu, loaded by htmx after the page so no page pays for it."""
    user = staff_user(request)
    stint = selectors.my_open_stint_brief(user=user)
    today = timezone.localdate()
    context = {"stint": stint, "week": stint.current_week(today) if stint else 0, "today": today}
    return render(request, "onboarding/_badge.html", context)


def _render_stint(
    request: HttpRequest,
    stint: PhoneStint,
    *,
    user: User,
    status: int = 200,
    partial: str = "",
    bound: dict[str, forms.Form] | None = None,
    tick_errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    detail = selectors.stint_detail(viewer=user, stint=stint)
    tick_errors = tick_errors or {}
    keys = {m.key for m in detail.summary.milestones}
    context: dict[str, Any] = {
        "nav": "onboarding",
        "detail": detail,
        "summary": detail.summary,
        "stint": stint,
        "is_hire": user.pk == stint.hire_id,
        "can_coach": can_coach(user, stint),
        "can_lead": can_lead(user, stint),
        "is_open": stint.graduated_at is None and stint.starts_on <= timezone.localdate(),
        "needs_early_reason": services.needs_early_reason(stint, timezone.localdate()),
        "milestone_rows": [(m, tick_errors.get(m.key, [])) for m in detail.summary.milestones],
        "other_tick_errors": [e for key, errs in tick_errors.items() if key not in keys for e in errs],
        "check_in_form": CheckInForm(),
        "extend_form": ExtendForm(),
        "graduate_form": GraduateForm(),
    }
    context.update(bound or {})
    return render(request, f"{STINT}#{partial}" if partial else STINT, context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    return _render_stint(request, selectors.stint_get_for_user(user=user, pk=pk), user=user)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own weeks on the phones, or a short page saying they have none yet."""
    user = staff_user(request)
    stint = selectors.my_stint(user=user)
    if stint is None:
        return render(request, "onboarding/mine_empty.html", {"nav": "onboarding"})
    return _render_stint(request, stint, user=user)


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Put someone on the phones (leads and admins)."""
    user = staff_user(request)
    if not can_start_stints(user):
        raise PermissionDenied
    initial = {"starts_on": _next_monday(timezone.localdate())}
    form = StartForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                stint = services.stint_start(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s starts on the phones on %(day)s.")
                    % {"name": stint.hire.display_name, "day": stint.starts_on.isoformat()},
                )
                return redirect("onboarding:detail", pk=stint.pk)
        status = 400
    return render(request, "onboarding/start.html", {"nav": "onboarding", "form": form}, status=status)


def _back(request: HttpRequest, stint: PhoneStint) -> HttpResponse:
    fallback = reverse("onboarding:detail", kwargs={"pk": stint.pk})
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback=fallback)


@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    stint = selectors.stint_get_for_user(user=user, pk=pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.stint_check_in(actor=user, stint=stint, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if is_htmx(request):
                return _render_stint(request, stint, user=user, partial="weeks")
            messages.success(request, _("Check-in added."))
            return _back(request, stint)
    partial = "weeks" if is_htmx(request) else ""
    return _render_stint(request, stint, user=user, status=400, partial=partial, bound={"check_in_form": form})


@require_POST
def tick(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    stint = selectors.stint_get_for_user(user=user, pk=pk)
    form = TickForm(request.POST)
    milestone = request.POST.get("milestone", "")
    if form.is_valid():
        try:
            services.stint_milestone_tick(actor=user, stint=stint, **form.cleaned_data)
        except ValidationError as exc:
            errors = {milestone: _errors(exc)}
        else:
            fresh = selectors.stint_get_for_user(user=user, pk=pk)
            if is_htmx(request):
                return _render_stint(request, fresh, user=user, partial="milestones")
            messages.success(request, _("Milestone ticked."))
            return _back(request, fresh)
    else:
        errors = {milestone: [" ".join(str(m) for m in ms) for ms in form.errors.values()]}
    partial = "milestones" if is_htmx(request) else ""
    return _render_stint(request, stint, user=user, status=400, partial=partial, tick_errors=errors)


@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    stint = selectors.stint_get_for_user(user=user, pk=pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.stint_extend(actor=user, stint=stint, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Extended by %(days)s days.") % {"days": form.cleaned_data["days"]})
            return _back(request, stint)
    return _render_stint(request, stint, user=user, status=400, bound={"extend_form": form})


@require_POST
def graduate(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    stint = selectors.stint_get_for_user(user=user, pk=pk)
    form = GraduateForm(request.POST)
    if form.is_valid():
        try:
            services.stint_graduate(actor=user, stint=stint, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s graduated. Congratulations!") % {"name": stint.hire.display_name})
            return _back(request, stint)
    return _render_stint(request, stint, user=user, status=400, bound={"graduate_form": form})
