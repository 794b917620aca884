"""Recovery items: the list (open ones oldest first) and closing one with what was done."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wowdesk.accounts.selectors import team_list
from wowdesk.core.web import add_service_errors, cursor_param, page_size, redirect_after_post, staff_user
from wowdesk.happiness.forms import RecoveryCloseForm
from wowdesk.happiness.selectors import gestures_for_recovery, recoveries_page, recovery_get_for_user
from wowdesk.happiness.selectors.recovery import STATES
from wowdesk.happiness.services import recovery_close
from wowdesk.happiness.views.helpers import error_lines


@require_GET
def recoveries(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    state = request.GET.get("state") or "open"
    team = request.GET.get("team", "")
    context: dict[str, object] = {"nav": "happiness", "sub": "recoveries", "state": state, "states": STATES}
    status = 200
    try:
        page = recoveries_page(
            user=user,
            state=state,
            team_id=int(team) if team.isdigit() else None,
            cursor=cursor_param(request),
            size=page_size(),
        )
    except ValidationError as exc:
        context["errors"] = error_lines(exc)
        status = 400
    else:
        context["page"] = page
    context["teams"] = team_list()
    context["team"] = team
    return render(request, "happiness/recoveries.html", context, status=status)


@require_http_methods(["GET", "POST"])
def recovery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One recovery and the form that closes it (also posted from the conversation page)."""
    user = staff_user(request)
    recovery = recovery_get_for_user(user=user, pk=pk)
    gestures = gestures_for_recovery(recovery=recovery)
    status = 200
    if request.method == "GET":
        form = RecoveryCloseForm(gestures=gestures)
    else:
        form = RecoveryCloseForm(request.POST, gestures=gestures)
        if form.is_valid():
            try:
                recovery_close(
                    actor=user,
                    recovery=recovery,
                    what_was_done=form.cleaned_data["what_was_done"],
                    gesture=form.cleaned_data["gesture"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recovery closed. Thank you for putting it right."))
                fallback = reverse("conversations:detail", kwargs={"pk": recovery.conversation_id})
                return redirect_after_post(request, next_url=request.POST.get("next"), fallback=fallback)
        status = 400
    context = {"nav": "happiness", "sub": "recoveries", "recovery": recovery, "form": form}
    return render(request, "happiness/recovery.html", context, status=status)
