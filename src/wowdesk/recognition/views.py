"""Recognition pages: the wall of fame, this month's nominations and votes, nominating, and a person's recognition."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.cards.selectors import GalleryCard
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, staff_user
from wowdesk.recognition import selectors, services
from wowdesk.recognition.forms import NominationForm, WallFilterForm
from wowdesk.recognition.models import AwardKind
from wowdesk.recognition.permissions import reports_to_lead
from wowdesk.recognition.schemas import parse_month
from wowdesk.recognition.selectors import WallFilters


def _wall_filters(form: WallFilterForm) -> WallFilters:
    data = form.cleaned_data
    month = None
    if data.get("month"):
        try:
            month = parse_month(data["month"])
        except ValueError as exc:
            raise field_error("month", str(exc)) from exc
    team = data.get("team")
    return WallFilters(month=month, team_id=team.pk if team else None, award=data.get("award") or "")


@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    """Every award and Card of the Week, a month at a time, filterable by month, team and award."""
    user = staff_user(request)
    form = WallFilterForm(request.GET)
    status = 200
    errors: list[str] = []
    filters = WallFilters()
    if form.is_valid():
        try:
            filters = _wall_filters(form)
        except ValidationError as exc:
            errors, status = exc.messages, 400
    else:
        errors = [f"{field}: {' '.join(str(m) for m in msgs)}" for field, msgs in form.errors.items()]
        status = 400
    context: dict[str, Any] = {
        "nav": "recognition",
        "form": form,
        "wall": selectors.wall_of_fame(viewer=user, filters=filters),
        "errors": errors,
        "query": request.GET.copy(),
    }
    template = "recognition/wall.html#results" if is_htmx(request) else "recognition/wall.html"
    return render(request, template, context, status=status)


def _render_nominations(request: HttpRequest, *, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    user = staff_user(request)
    context: dict[str, Any] = {"nav": "recognition", "errors": errors or []}
    try:
        page = selectors.nominations_page(viewer=user, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        context["errors"] = [*context["errors"], *exc.messages]
        page = selectors.nominations_page(viewer=user, cursor=None, size=page_size())
        status = 400
    votes = selectors.my_votes(user=user)
    manager_voter = reports_to_lead(user)
    rows = []
    for nomination in page.items:
        named = user.pk == nomination.nominee_id or any(p.pk == user.pk for p in nomination.sidekicks.all())
        allowed = nomination.kind == AwardKind.HERO or manager_voter
        rows.append(
            {
                "nomination": nomination,
                "voted": votes.get(nomination.kind) == nomination.pk,
                "can_vote": nomination.kind not in votes and not named and allowed,
            }
        )
    context.update(page=page, rows=rows, month=services.voting_month(), latest_awards=selectors.latest_awards())
    template = "recognition/nominations.html#list" if is_htmx(request) else "recognition/nominations.html"
    return render(request, template, context, status=status)


@require_GET
def nominations(request: HttpRequest) -> HttpResponse:
    return _render_nominations(request)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    nomination = selectors.nomination_get_for_user(user=user, pk=pk)
    try:
        services.nomination_vote(voter=user, nomination=nomination)
    except ValidationError as exc:
        return _render_nominations(request, errors=exc.messages, status=400)
    if is_htmx(request):
        return _render_nominations(request)
    messages.success(request, _("Vote counted. Thank you."))
    return redirect("recognition:nominations")


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if request.method == "GET":
        initial: dict[str, Any] = {}
        if request.GET.get("conversation", "").isdigit():
            initial["conversation"] = int(request.GET["conversation"])
        if request.GET.get("kind") in AwardKind.values:
            initial["kind"] = request.GET["kind"]
        return render(
            request, "recognition/nominate.html", {"nav": "recognition", "form": NominationForm(initial=initial)}
        )
    form = NominationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            conversation = None
            if data["conversation"]:
                try:
                    conversation = conversation_get_for_user(user=user, pk=data["conversation"])
                except NotFound as exc:
                    raise field_error("conversation", _("No such conversation, or you may not see it.")) from exc
            nomination = services.nomination_create(
                nominator=user,
                kind=data["kind"],
                nominee=data["nominee"],
                story=data["story"],
                conversation=conversation,
                sidekicks=list(data["sidekicks"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nomination for %(name)s made.") % {"name": nomination.nominee.display_name})
            return redirect("recognition:nominations")
    return render(request, "recognition/nominate.html", {"nav": "recognition", "form": form}, status=400)


@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get_for_user(user=staff_user(request), pk=pk)
    return render(request, "recognition/nomination.html", {"nav": "recognition", "nomination": nomination})


@require_GET
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    found = selectors.person_recognition(viewer=user, pk=pk)
    cards = [(award, GalleryCard.of(award.card, viewer=user)) for award in found.cards_of_the_week if award.card]
    return render(request, "recognition/person.html", {"nav": "recognition", "found": found, "cards": cards})
