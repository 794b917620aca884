"""The consistency dashboard, its CSV export and the menu badge."""

from __future__ import annotations

from itertools import chain
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wowdesk.conversations.models import Channel
from wowdesk.core.web import cursor_param, is_htmx, page_size, staff_user
from wowdesk.happiness.csvsafe import csv_lines
from wowdesk.happiness.models import LETTERS, Grade
from wowdesk.happiness.selectors import PERIOD_LABELS, dashboard, export_rows, my_open_recoveries_count
from wowdesk.happiness.views.charts import chart_data
from wowdesk.happiness.views.helpers import dashboard_filters, error_lines

TEMPLATE = "happiness/dashboard.html"
EXPORT_HEADER = ("day", "conversation", "grade", "channel", "team", "rep", "problem", "comment", "graded_at")


@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context: dict[str, Any] = {
        "nav": "happiness",
        "sub": "dashboard",
        "periods": PERIOD_LABELS,
        "channels": Channel.choices,
        "letters": LETTERS,
        "query": request.GET,
    }
    status = 200
    try:
        filters = dashboard_filters(request.GET)
        board = dashboard(user=user, filters=filters, reps_cursor=cursor_param(request, "reps"), reps_size=page_size())
    except ValidationError as exc:
        context["errors"] = error_lines(exc)
        status = 400
    else:
        context.update({"board": board, "filters": filters, "charts": chart_data(board)})
    template = f"{TEMPLATE}#figures" if is_htmx(request) else TEMPLATE
    return render(request, template, context, status=status)


def _export_row(grade: Grade) -> tuple[object, ...]:
    return (
        grade.day.isoformat(),
        grade.conversation_id,
        grade.letter,
        grade.channel,
        grade.team.name if grade.team else "",
        grade.rep.display_name if grade.rep else "",
        grade.problem,
        grade.comment,
        grade.graded_at.isoformat(),
    )


@require_GET
def export_csv(request: HttpRequest) -> HttpResponseBase:
    """Every grade in the dashboard's filters, as CSV, streamed. Cells that look like formulas are quoted."""
    user = staff_user(request)
    try:
        filters = dashboard_filters(request.GET)
        grades = export_rows(user=user, filters=filters)
    except ValidationError as exc:
        return HttpResponse("\n".join(error_lines(exc)) + "\n", status=400, content_type="text/plain; charset=utf-8")
    lines = csv_lines(chain([EXPORT_HEADER], (_export_row(g) for g in grades)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grades-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The count beside "Happiness" in the menu, loaded by htmx after the page so no page pays for it."""
    count = my_open_recoveries_count(user=staff_user(request))
    return render(request, "happiness/_badge.html", {"count": count})
