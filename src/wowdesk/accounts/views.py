"""The signed-in user's profile with their API tokens, and the staff directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wowdesk.accounts import services
from wowdesk.accounts.forms import ApiTokenForm
from wowdesk.accounts.models import ApiToken
from wowdesk.accounts.selectors import api_token_get_for_user, api_tokens_page, staff_directory
from wowdesk.core.web import add_service_errors, cursor_param, page_size, staff_user


def _render_profile(
    request: HttpRequest,
    *,
    form: ApiTokenForm | None = None,
    new_token: ApiToken | None = None,
    secret: str | None = None,
    status: int = 200,
) -> HttpResponse:
    user = staff_user(request)
    context: dict[str, Any] = {"profile_user": user, "form": form or ApiTokenForm(), "nav": "profile"}
    context["new_token"], context["secret"] = new_token, secret
    errors: list[str] = []
    try:
        context["tokens"] = api_tokens_page(user=user, cursor=cursor_param(request), size=page_size())
    except ValidationError as exc:
        errors, status = exc.messages, 400
    context["errors"] = errors
    return render(request, "accounts/profile.html", context, status=status)


@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _render_profile(request)


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a token and show its secret on this response only.

    No redirect: the secret is never stored, not even in the session, so the
    page that shows it must be the response to the POST. It is marked
    uncacheable so the secret is not kept by the browser or a proxy.
    """
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.api_token_create(user=staff_user(request), name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            response = _render_profile(request, new_token=token, secret=secret)
            add_never_cache_headers(response)
            return response
    return _render_profile(request, form=form, status=400)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_get_for_user(user=staff_user(request), pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked; it no longer works.") % {"name": token.name})
    return redirect("accounts:profile")


@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    try:
        page = staff_directory(cursor=cursor_param(request), size=page_size() * 4)
    except ValidationError as exc:
        return render(request, "accounts/staff.html", {"page": None, "errors": exc.messages}, status=400)
    return render(request, "accounts/staff.html", {"page": page, "nav": "staff"})
