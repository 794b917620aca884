"""Pages of everyday rounds: today's round, any past day, the history, and working one item.

An htmx request gets a partial of the same page: the filtered list
(``day.html#results``) or, after an action on one item, that item's row
(``day.html#item``). Without JavaScript every form posts and redirects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from wowdesk.accounts.models import User
from wowdesk.core.pagination import Page
from wowdesk.core.web import cursor_param, is_htmx, page_size, redirect_after_post, staff_user
from wowdesk.rounds.forms import ItemNoteForm
from wowdesk.rounds.models import RoundItem, Source
from wowdesk.rounds.permissions import can_release, releases_any_claim
from wowdesk.rounds.selectors import (
    STATES,
    ItemFilters,
    open_items_count,
    round_day,
    round_days,
    round_item_get_for_user,
    round_items_page,
    rounds_page,
    today,
)
from wowdesk.rounds.services import (
    round_generate,
    round_item_claim,
    round_item_complete,
    round_item_release,
    round_item_skip,
)

DAY_TEMPLATE = "rounds/day.html"


def _filters(request: HttpRequest) -> ItemFilters:
    return ItemFilters(
        source=request.GET.get("source", ""),
        state=request.GET.get("state") or "open",
        mine=request.GET.get("mine") == "1",
    )


def _render_day(request: HttpRequest, day: dt.date) -> HttpResponse:
    user = staff_user(request)
    filters = _filters(request)
    errors: list[str] = []
    status = 200
    try:
        page = round_items_page(user=user, day=day, filters=filters, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors = [f"{field}: {' '.join(text)}" for field, text in exc.message_dict.items()]
        page, status = Page(items=[], next_cursor=None), 400
    except (ValueError, TypeError, OverflowError):
        # A cursor of the right shape holding the wrong kind of value fails while the query is built.
        errors = [_("cursor: Invalid cursor; use the link to the next page.")]
        page, status = Page(items=[], next_cursor=None), 400
    context: dict[str, Any] = {
        "nav": "rounds",
        "day": day,
        "is_today": day == today(),
        "round_day": round_day(user=user, day=day),
        "page": page,
        "filters": filters,
        "sources": Source.choices,
        "states": STATES,
        "errors": errors,
        "now": timezone.now(),
        # Leads may give back anyone's claim; everyone may give back their own (the template checks that).
        "can_release": releases_any_claim(user),
    }
    template = f"{DAY_TEMPLATE}#results" if is_htmx(request) else DAY_TEMPLATE
    return render(request, template, context, status=status)


@require_GET
def today_page(request: HttpRequest) -> HttpResponse:
    return _render_day(request, today())


@require_GET
def day_page(request: HttpRequest, day: str) -> HttpResponse:
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404(_("No such day.")) from exc
    return _render_day(request, parsed)


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    try:
        page = rounds_page(cursor=cursor_param(request), size=page_size())
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        raise Http404(_("No such page.")) from exc
    context = {"nav": "rounds", "page": page, "days": round_days(user=user, rounds=page.items), "today": today()}
    return render(request, "rounds/history.html", context)


@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    """ "Generate now": today's round if there is none yet, or what has turned up since it was made."""
    generated = round_generate(actor=staff_user(request), refresh=True)
    n = generated.added
    if generated.created:
        text = ngettext("Today's round is ready: %(n)s check.", "Today's round is ready: %(n)s checks.", n) % {"n": n}
    else:
        text = ngettext("Looked again: %(n)s new check.", "Looked again: %(n)s new checks.", n) % {"n": n}
    messages.success(request, text)
    return redirect_after_post(request, next_url=None, fallback=reverse("rounds:today"))


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The number beside "Rounds" in the menu, loaded by htmx after the page so no page pays for it."""
    return render(request, "rounds/_badge.html", {"count": open_items_count(user=staff_user(request))})


def _day_url(item: RoundItem) -> str:
    if item.round.day == today():
        return reverse("rounds:today")
    return reverse("rounds:day", kwargs={"day": item.round.day.isoformat()})


def _item_context(user: User, item: RoundItem, **extra: Any) -> dict[str, Any]:
    return {
        "nav": "rounds",
        "item": item,
        "can_release": can_release(user, item),
        "day_url": _day_url(item),
        "now": timezone.now(),
        **extra,
    }


@require_GET
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    item = round_item_get_for_user(user=user, pk=pk)
    return render(request, "rounds/item.html", _item_context(user, item, form=ItemNoteForm()))


def _act(request: HttpRequest, pk: int, action: Callable[[User, RoundItem, str], RoundItem], done: str) -> HttpResponse:
    """Resolve the item, run ``action``; answer with its row (htmx), a redirect, or the item page with errors."""
    user = staff_user(request)
    item = round_item_get_for_user(user=user, pk=pk)
    form = ItemNoteForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            item = action(user, item, form.cleaned_data["note"])
        except ValidationError as exc:
            errors = [message for messages_ in exc.message_dict.values() for message in messages_]
    else:
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
    if not errors:
        if is_htmx(request):
            item = round_item_get_for_user(user=user, pk=pk)
            return render(request, f"{DAY_TEMPLATE}#item", _item_context(user, item))
        messages.success(request, done)
        return redirect_after_post(request, next_url=request.POST.get("next"), fallback=_day_url(item))
    item = round_item_get_for_user(user=user, pk=pk)
    if is_htmx(request):
        context = _item_context(user, item, row_errors=errors, note=request.POST.get("note", ""))
        return render(request, f"{DAY_TEMPLATE}#item", context, status=400)
    context = _item_context(user, item, form=form, row_errors=errors)
    return render(request, "rounds/item.html", context, status=400)


@require_POST
def item_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item, _note: round_item_claim(actor=user, item=item), _("It's yours."))


@require_POST
def item_release(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item, _note: round_item_release(actor=user, item=item), _("Given back."))


@require_POST
def item_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda user, item, note: round_item_complete(actor=user, item=item, note=note),
        _("Done. Thank you."),
    )


@require_POST
def item_skip(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda user, item, note: round_item_skip(actor=user, item=item, reason=note), _("Skipped.")
    )
