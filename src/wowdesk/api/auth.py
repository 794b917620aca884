"""Who is calling: an API token, or the browser's Django session.

A request that presents an ``Authorization`` header is judged by that header
alone, so a revoked token is a 401 even from a browser that is also logged
in. Session requests must pass Django's CSRF check for unsafe methods; a
token cannot be sent by a third-party page, so token requests need no CSRF.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.accounts.services import api_token_authenticate
from wowdesk.api.errors import NON_FIELD, CsrfFailed

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer wdk_…``; revoked tokens and inactive owners are refused."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return api_token_authenticate(secret=token.strip())


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with CSRF enforced on writes."""

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        if "Authorization" in request.headers:
            return None
        user = request.user
        if not is_active_staff(user):
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailed
        return cast(User, user)

    def _get_key(self, request: HttpRequest) -> str | None:  # pragma: no cover - __call__ replaces it
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:  # pragma: no cover
        return self(request)


def actor(request: HttpRequest) -> User:
    """The authenticated user; every endpoint runs after authentication."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


def login_or_token_required[V: Callable[..., HttpResponse]](view: V) -> V:
    """Guard the OpenAPI schema: a logged-in session or a valid token may read it.

    The schema is the same for every install (the code is open source), but
    keeping it behind a login means an install reveals nothing to anonymous
    scanners, not even that it runs WowDesk.
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _sep, secret = header.partition(" ")
        if header and (scheme.lower() != "bearer" or api_token_authenticate(secret=secret.strip()) is None):
            return _unauthorised()
        if not header and not is_active_staff(request.user):
            return _unauthorised()
        return view(request, *args, **kwargs)

    return cast(V, guarded)


def _unauthorised() -> HttpResponse:
    message = str(_("Authentication required: send 'Authorization: Bearer wdk_…' or log in."))
    response = JsonResponse({"detail": [{"field": NON_FIELD, "message": message}]}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="wowdesk"'
    return response
