"""Errors services raise; views and the API turn them into 4xx responses.

Services raise ``django.core.exceptions.ValidationError`` with a dict keyed by
field name, so both the web forms and the JSON API can say which field was
wrong and why. ``NotFound`` covers "does not exist" and "you may not see it"
alike, so a caller cannot probe for objects it has no access to.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404


class NotFound(Http404):
    """The object does not exist, or the caller may not see it."""


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def error_list(exc: ValidationError) -> list[dict[str, str]]:
    """Flatten a ValidationError into ``[{"field": ..., "message": ...}]``."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "__all__", "message": str(m)} for m in exc.messages]
