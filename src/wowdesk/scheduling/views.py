"""The schedules page: what runs in the background, and when it last did."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wowdesk.accounts.permissions import can_manage_staff
from wowdesk.core.web import staff_user
from wowdesk.scheduling.selectors import schedule_get, schedule_overview
from wowdesk.scheduling.services import schedule_run_now


@require_GET
def schedule_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context = {"schedules": schedule_overview(), "can_run": can_manage_staff(user), "nav": "schedules"}
    return render(request, "scheduling/schedules.html", context)


@require_POST
def schedule_run(request: HttpRequest, name: str) -> HttpResponse:
    if not can_manage_staff(staff_user(request)):
        raise PermissionDenied(_("Only administrators can run a schedule by hand."))
    schedule_run_now(schedule=schedule_get(name=name))
    messages.success(request, _("%(name)s was queued to run now.") % {"name": name})
    return redirect("scheduling:list")
