"""The gestures page (everything granted, filtered, with spend) and one gesture's page.

Nothing on the gestures page can block, undo or question a grant: it only shows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wowdesk.accounts.selectors import staff_list, team_list
from wowdesk.core.pagination import Page
from wowdesk.core.web import cursor_param, is_htmx, page_size, staff_user
from wowdesk.gestures.models import Kind, Reason
from wowdesk.gestures.selectors import GestureFilters, GestureSummary, gesture_detail, gesture_list, gesture_summary
from wowdesk.gestures.views.helpers import error_lines, filters_from, render_gesture

REASON_LABELS = dict(Reason.choices)


@require_GET
def gesture_index(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    errors: list[str] = []
    status = 200
    try:
        filters = filters_from(request)
        page = gesture_list(user=user, filters=filters, cursor=cursor_param(request), size=page_size())
        summary = gesture_summary(user=user, filters=filters)
    except ValidationError as exc:
        errors, status = error_lines(exc), 400
        filters = GestureFilters()
        page, summary = Page(items=[], next_cursor=None), GestureSummary(by_month=[], by_reason=[], repeat_customers=[])
    context: dict[str, Any] = {
        "page": page,
        "summary": summary,
        "filters": filters,
        "errors": errors,
        "reason_labels": REASON_LABELS,
        "nav": "gestures",
        "query": request.GET.copy(),
    }
    context["query"].pop("cursor", None)
    if is_htmx(request):
        return render(request, "gestures/list.html#results", context, status=status)
    context.update(teams=team_list(), reps=staff_list(), kinds=Kind.choices, reasons=Reason.choices)
    return render(request, "gestures/list.html", context, status=status)


@require_GET
def gesture_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_gesture(request, gesture_detail(user=staff_user(request), pk=pk))
