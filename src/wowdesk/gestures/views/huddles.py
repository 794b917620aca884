"""Huddle actions posted from a gesture's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wowdesk.core.web import add_service_errors, staff_user
from wowdesk.gestures import services
from wowdesk.gestures.forms import ContributionForm, HuddleInviteForm, HuddleOpenForm
from wowdesk.gestures.selectors import gesture_detail, huddle_get_for_gesture
from wowdesk.gestures.views.helpers import render_gesture


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("gestures:detail", kwargs={"pk": pk}) + "#huddle")


@require_POST
def huddle_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    gesture = gesture_detail(user=user, pk=pk)
    form = HuddleOpenForm(request.POST)
    if form.is_valid():
        try:
            services.huddle_open(actor=user, gesture=gesture, purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Huddle opened. Invite whoever can help, from any department."))
            return _back(gesture.pk)
    return render_gesture(request, gesture, status=400, huddle_open_form=form)


@require_POST
def huddle_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    gesture = gesture_detail(user=user, pk=pk)
    huddle = huddle_get_for_gesture(gesture=gesture)
    form = HuddleInviteForm(request.POST)
    if form.is_valid():
        try:
            member = services.huddle_invite(actor=user, huddle=huddle, user=form.cleaned_data["user"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is in the huddle.") % {"name": member.user.display_name})
            return _back(gesture.pk)
    return render_gesture(request, gesture, status=400, invite_form=form)


@require_POST
def huddle_contribute(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    gesture = gesture_detail(user=user, pk=pk)
    huddle = huddle_get_for_gesture(gesture=gesture)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            services.huddle_contribute(
                actor=user, huddle=huddle, kind=form.cleaned_data["kind"], description=form.cleaned_data["description"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added. Thank you for helping."))
            return _back(gesture.pk)
    return render_gesture(request, gesture, status=400, contribution_form=form)
