"""One JSON shape for every 4xx the API returns.

``{"detail": [{"field": "email", "message": "..."}]}``: request validation
(ninja/pydantic), service ``ValidationError``, missing objects, missing
credentials and CSRF failures all say which field was wrong (``__all__``
when it is not about one field) and why. Validation is always 422.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wowdesk.core.errors import error_list

NON_FIELD = "__all__"
# Where ninja says a value came from; the caller only cares about the name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
# Every body parameter in WowDesk endpoints is called ``payload``.
BODY_PARAM = "payload"


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: list[FieldErrorOut]


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, str(_("CSRF check failed; send the X-CSRFToken header with session requests.")))


def field_from_loc(loc: Iterable[Any]) -> str:
    """``("body", "payload", "items", 0, "unit_price")`` → ``items[0].unit_price``."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == BODY_PARAM:
            parts.pop(0)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or ("body" if list(loc)[:1] == ["body"] else NON_FIELD)


def error_response(api: NinjaAPI, request: HttpRequest, errors: list[dict[str, str]], status: int) -> HttpResponse:
    return api.create_response(request, {"detail": errors}, status=status)


def _request_invalid(request: HttpRequest, exc: NinjaValidationError, *, api: NinjaAPI) -> HttpResponse:
    if any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors):
        # An id in the URL that cannot exist (0, or past 64 bits) names no object.
        return _not_found(request, exc, api=api)
    errors = [{"field": field_from_loc(e.get("loc", ())), "message": str(e.get("msg", ""))} for e in exc.errors]
    return error_response(api, request, errors, 422)


def _service_invalid(request: HttpRequest, exc: DjangoValidationError, *, api: NinjaAPI) -> HttpResponse:
    return error_response(api, request, error_list(exc), 422)


def _not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    # The message never says whether the object exists: missing and hidden look alike.
    return error_response(api, request, [{"field": NON_FIELD, "message": str(_("Not found."))}], 404)


def _forbidden(request: HttpRequest, exc: PermissionDenied, *, api: NinjaAPI) -> HttpResponse:
    # Only for actions on objects the caller can see but may not change: hidden objects are 404.
    message = str(exc) or str(_("You may not do this."))
    return error_response(api, request, [{"field": NON_FIELD, "message": message}], 403)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError, *, api: NinjaAPI) -> HttpResponse:
    message = str(_("Authentication required: send 'Authorization: Bearer wdk_…' or log in."))
    response = error_response(api, request, [{"field": NON_FIELD, "message": message}], 401)
    response["WWW-Authenticate"] = 'Bearer realm="wowdesk"'
    return response


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    # ninja raises a bare 400 only when the body is not parseable JSON.
    field = "body" if exc.status_code == 400 else NON_FIELD
    return error_response(api, request, [{"field": field, "message": str(exc)}], exc.status_code)


def _suspicious(request: HttpRequest, exc: SuspiciousOperation, *, api: NinjaAPI) -> HttpResponse:
    # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE when they are read.
    if isinstance(exc, RequestDataTooBig):
        return error_response(
            api, request, [{"field": "body", "message": str(_("The request body is too large."))}], 413
        )
    return error_response(api, request, [{"field": NON_FIELD, "message": str(_("Bad request."))}], 400)


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(SuspiciousOperation, partial(_suspicious, api=api))
    api.add_exception_handler(NinjaValidationError, partial(_request_invalid, api=api))
    api.add_exception_handler(DjangoValidationError, partial(_service_invalid, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(PermissionDenied, partial(_forbidden, api=api))
    api.add_exception_handler(AuthenticationError, partial(_unauthenticated, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))


# For the OpenAPI document: what each endpoint may answer besides success.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
