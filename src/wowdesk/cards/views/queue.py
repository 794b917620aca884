"""The print-and-mail queue and the day's batch PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wowdesk.cards import selectors, services
from wowdesk.cards.forms import BatchForm
from wowdesk.cards.models import Card
from wowdesk.cards.pdf import cards_pdf
from wowdesk.cards.periods import local_day
from wowdesk.cards.views.compose import file_response
from wowdesk.core.errors import field_error
from wowdesk.core.pagination import Page
from wowdesk.core.web import cursor_param, is_htmx, page_size, staff_user


def _day(value: str | None, *, default: dt.date | None) -> dt.date | None:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise field_error("day", _("Use a date like 2026-11-20.")) from exc


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    status_filter = request.GET.get("status", "")
    errors: list[str] = []
    status = 200
    day: dt.date | None = None
    try:
        day = _day(request.GET.get("day"), default=None)
        page = selectors.print_queue(
            user=user, status=status_filter, day=day, cursor=cursor_param(request), size=page_size()
        )
    except ValidationError as exc:
        errors = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        page, status = Page(items=[], next_cursor=None), 400
    context: dict[str, Any] = {
        "nav": "cards",
        "page": page,
        "status_filter": status_filter,
        "day": day,
        "batch_day": day or local_day(),
        "statuses": Card.Status.choices,
        "errors": errors,
    }
    template = "cards/queue.html#results" if is_htmx(request) else "cards/queue.html"
    return render(request, template, context, status=status)


@require_GET
def batch_pdf(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    try:
        day = _day(request.GET.get("day"), default=local_day())
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    assert day is not None
    cards = selectors.batch_for_day(user=user, day=day)
    return file_response(cards_pdf(cards), "application/pdf", f"cards-{day.isoformat()}.pdf")


@require_POST
def batch_printed(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the day whose cards were printed."))
        return redirect("cards:queue")
    day = form.cleaned_data["day"]
    printed = services.cards_mark_printed(actor=user, cards=selectors.batch_for_day(user=user, day=day))
    messages.success(request, _("%(count)s cards marked printed.") % {"count": printed})
    return redirect(f"{reverse('cards:queue')}?day={day.isoformat()}")
