"""Every grade you may see, newest first or worst first, with filters."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wowdesk.accounts.selectors import team_list
from wowdesk.conversations.models import Channel
from wowdesk.core.pagination import Page
from wowdesk.core.web import cursor_param, page_size, staff_user
from wowdesk.happiness.models import LETTERS
from wowdesk.happiness.selectors import GradeFilters, grades_page
from wowdesk.happiness.views.helpers import _date, _int, error_lines


@require_GET
def grades(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context: dict[str, object] = {
        "nav": "happiness",
        "sub": "grades",
        "teams": team_list(),
        "channels": Channel.choices,
        "letters": LETTERS,
        "query": request.GET,
    }
    status = 200
    try:
        filters = GradeFilters(
            start=_date(request.GET, "from"),
            end=_date(request.GET, "to"),
            team_id=_int(request.GET, "team"),
            channel=request.GET.get("channel", ""),
            letter=request.GET.get("grade", "").upper(),
            worst=request.GET.get("worst") == "1",
        )
        page = grades_page(user=user, filters=filters, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        context["errors"] = error_lines(exc)
        page, status = Page(items=[], next_cursor=None), 400
    context["page"] = page
    return render(request, "happiness/grades.html", context, status=status)
