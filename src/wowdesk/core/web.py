"""Request helpers every WowDesk page view shares: htmx detection, safe redirects, form errors."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from wowdesk.accounts.models import User


def page_size() -> int:
    return int(settings.WOWDESK_PAGE_SIZE)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` if it points back into this site, else None (no open redirects)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def redirect_after_post(request: HttpRequest, *, next_url: str | None, fallback: str) -> HttpResponse:
    """Post/redirect/get; htmx requests get a full-page ``HX-Redirect`` instead of a swapped redirect."""
    target = safe_next(request, next_url) or fallback
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


def add_service_errors(form: forms.BaseForm, exc: ValidationError, *, rename: Mapping[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form, on the field it names when the form has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        name = (rename or {}).get(field, field)
        form.add_error(name if name in form.fields else None, messages)


def staff_user(request: HttpRequest) -> User:
    """The signed-in user. LoginRequiredMiddleware guarantees one; this narrows the type."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def cursor_param(request: HttpRequest, name: str = "cursor") -> str | None:
    return request.GET.get(name) or None
