"""Card time: the daily block, its timer, today's suggestions, and the teams' settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wowdesk.accounts.models import Team
from wowdesk.accounts.selectors import team_get, team_list
from wowdesk.cards import selectors, services
from wowdesk.cards.forms import CardTimeSettingForm
from wowdesk.cards.permissions import can_configure_card_time
from wowdesk.cards.suggestions import card_suggestions
from wowdesk.core.web import add_service_errors, is_htmx, staff_user

TEMPLATE = "cards/home.html"


def _home_context(request: HttpRequest) -> dict[str, Any]:
    user = staff_user(request)
    now = timezone.now()
    today = selectors.card_time_today(user=user, now=now)
    return {
        "nav": "cards",
        "today": today,
        "server_now_iso": now.isoformat(timespec="milliseconds"),
        "suggestions": card_suggestions(user=user, today=today.day),
        "latest_winner": selectors.latest_winner(now=now),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE, _home_context(request))


def _after_time_change(request: HttpRequest) -> HttpResponse:
    if is_htmx(request):
        return render(request, f"{TEMPLATE}#card-time", _home_context(request))
    return redirect("cards:home")


@require_POST
def time_start(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    services.card_time_start(user=user, setting=selectors.card_time_setting_for(user=user))
    return _after_time_change(request)


@require_POST
def time_finish(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    services.card_time_finish(session=selectors.card_session_for_today(user=user))
    return _after_time_change(request)


def _settings_form(team: Team) -> CardTimeSettingForm:
    setting = selectors.card_time_setting_for_team(team_id=team.pk)
    return CardTimeSettingForm(
        initial={"minutes": setting.minutes, "weekdays": setting.weekdays, "starts_at": setting.starts_at},
        prefix=f"team-{team.pk}",
    )


def _render_settings(
    request: HttpRequest, *, bound: dict[int, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    user = staff_user(request)
    rows = []
    for team in team_list():
        if can_configure_card_time(user, team):
            rows.append({"team": team, "form": (bound or {}).get(team.pk) or _settings_form(team)})
    return render(request, "cards/settings.html", {"nav": "cards", "rows": rows}, status=status)


@require_GET
def time_settings(request: HttpRequest) -> HttpResponse:
    return _render_settings(request)


@require_POST
def time_settings_save(request: HttpRequest, team: int) -> HttpResponse:
    user = staff_user(request)
    team_obj = team_get(pk=team)
    if not can_configure_card_time(user, team_obj):
        raise PermissionDenied(_("Only this team's leads and admins can change its card time."))
    form = CardTimeSettingForm(request.POST, prefix=f"team-{team_obj.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.card_time_configure(
                actor=user,
                team=team_obj,
                minutes=data["minutes"],
                weekdays=data["weekdays"],
                starts_at=data["starts_at"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Card time for %(team)s saved.") % {"team": team_obj.name})
            return redirect("cards:time_settings")
    return _render_settings(request, bound={team_obj.pk: form}, status=400)
