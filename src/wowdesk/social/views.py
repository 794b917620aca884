"""Mentions to follow up, and (admins) the sources allowed to post them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wowdesk.accounts.permissions import can_manage_staff
from wowdesk.core.pagination import Page
from wowdesk.core.web import add_service_errors, cursor_param, is_htmx, page_size, redirect_after_post, staff_user
from wowdesk.social.selectors import mention_get_for_user, mentions_page, source_get_for_user, source_list
from wowdesk.social.services import mention_follow_up, social_source_create, social_source_revoke

SHOW_LABELS = {
    "open": gettext_lazy("To follow up"),
    "done": gettext_lazy("Followed up"),
    "all": gettext_lazy("All"),
}


class SourceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)


@require_GET
def mentions(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    show = request.GET.get("show") or "open"
    errors: list[str] = []
    status = 200
    try:
        page = mentions_page(user=user, show=show, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors, status, page = exc.messages, 400, Page(items=[], next_cursor=None)
    context: dict[str, Any] = {"page": page, "show": show, "shows": SHOW_LABELS, "errors": errors, "nav": "social"}
    template = "social/mentions.html#results" if is_htmx(request) else "social/mentions.html"
    return render(request, template, context, status=status)


@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    mention = mention_get_for_user(user=user, pk=pk)
    mention_follow_up(actor=user, mention=mention)
    messages.success(request, _("Marked as followed up."))
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback=reverse("social:mentions"))


def _render_sources(
    request: HttpRequest, *, form: SourceForm | None = None, secret: str = "", status: int = 200
) -> HttpResponse:
    user = staff_user(request)
    if not can_manage_staff(user):
        raise PermissionDenied(_("Only administrators can manage social sources."))
    context = {"sources": source_list(user=user), "form": form or SourceForm(), "secret": secret, "nav": "social"}
    response = render(request, "social/sources.html", context, status=status)
    if secret:
        add_never_cache_headers(response)
    return response


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    return _render_sources(request)


@require_POST
def source_create(request: HttpRequest) -> HttpResponse:
    """Create a source and show its secret in this response only (it is never stored)."""
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            _source, secret = social_source_create(actor=staff_user(request), name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _render_sources(request, secret=secret)
    return _render_sources(request, form=form, status=400)


@require_POST
def source_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    source = source_get_for_user(user=user, pk=pk)
    social_source_revoke(actor=user, source=source)
    messages.success(request, _("“%(name)s” revoked; its secret no longer works.") % {"name": source.name})
    return redirect("social:sources")
