"""Card of the Week: this week's gallery with one vote each, and the past winners."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from wowdesk.cards import selectors, services
from wowdesk.cards.forms import VoteForm
from wowdesk.cards.selectors import GalleryCard
from wowdesk.cards.views.compose import drawing_response
from wowdesk.core.errors import NotFound
from wowdesk.core.web import cursor_param, is_htmx, page_size, staff_user

TEMPLATE = "cards/week.html"


def _render_week(request: HttpRequest, *, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    user = staff_user(request)
    context: dict[str, Any] = {"nav": "cards", "errors": errors or []}
    try:
        context["gallery"] = selectors.week_gallery(user=user, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        context["errors"] = [*context["errors"], *exc.messages]
        context["gallery"] = selectors.week_gallery(user=user, cursor=None, size=page_size())
        status = 400
    context["latest_winner"] = selectors.latest_winner()
    template = f"{TEMPLATE}#gallery" if is_htmx(request) else TEMPLATE
    return render(request, template, context, status=status)


@require_GET
def week(request: HttpRequest) -> HttpResponse:
    return _render_week(request)


@require_POST
def vote(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _render_week(request, errors=["card: choose a card to vote for."], status=400)
    try:
        card = selectors.gallery_card_get(user=user, pk=form.cleaned_data["card"])
        services.card_vote(voter=user, card=card)
    except NotFound:
        return _render_week(request, errors=["card: no such card."], status=400)
    except ValidationError as exc:
        return _render_week(request, errors=exc.messages, status=400)
    if is_htmx(request):
        return _render_week(request)
    return redirect("cards:week")


@require_GET
def gallery_drawing(request: HttpRequest, pk: int) -> HttpResponse:
    """Drawings are shown to every staff member in the gallery and on the wall of fame."""
    return drawing_response(selectors.gallery_card_get(user=staff_user(request), pk=pk))


@require_GET
def winners(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.winners_page(cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        return render(request, "cards/winners.html", {"nav": "cards", "page": None, "errors": exc.messages}, status=400)
    user = staff_user(request)
    rows = [(award, GalleryCard.of(award.card, viewer=user)) for award in page.items if award.card is not None]
    return render(request, "cards/winners.html", {"nav": "cards", "page": page, "winners": rows, "errors": []})
