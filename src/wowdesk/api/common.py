"""Types, pagination and small helpers every WowDesk router shares."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, P, PathEx, Schema
from pydantic import AfterValidator, field_validator

from wowdesk.core.errors import field_error
from wowdesk.core.fields import MAX_INT
from wowdesk.core.pagination import Page

# Both databases store ids as signed 64-bit integers; anything larger would
# be an overflow inside the driver rather than a "not found". The forms use the same bound.
MAX_ID = MAX_INT
MAX_CURSOR = 2000


def _storable(value: str) -> str:
    """Text both databases can store: PostgreSQL refuses NUL, and lone surrogates are not UTF-8."""
    if "\x00" in value:
        raise ValueError(str(_("Text must not contain NUL characters.")))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(str(_("Text must be valid Unicode."))) from exc
    return value


Text = Annotated[str, AfterValidator(_storable)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = PathEx[int, P(ge=1, le=MAX_ID)]


class UserRefOut(Schema):
    id: int
    display_name: str


class TeamRefOut(Schema):
    id: int
    name: str


class CustomerRefOut(Schema):
    id: int
    name: str


class PageQuery(Schema):
    """``?cursor=&limit=``: the cursor is the ``next_cursor`` of the previous page."""

    cursor: Text | None = Field(None, max_length=MAX_CURSOR, description="next_cursor of the previous page")
    # The schema's bound keeps any number the database cannot hold out; the validator applies the setting.
    limit: int | None = Field(None, ge=1, le=MAX_ID, description="Page size; at most WOWDESK_API_MAX_PAGE_SIZE (100).")

    @field_validator("limit")
    @classmethod
    def _at_most_max(cls, value: int | None) -> int | None:
        ceiling = int(settings.WOWDESK_API_MAX_PAGE_SIZE)
        if value is not None and value > ceiling:
            raise ValueError(str(_("At most %(max)d.") % {"max": ceiling}))
        return value


def page_size(query: PageQuery) -> int:
    return query.limit or int(settings.WOWDESK_PAGE_SIZE)


def _check_cursor_value(value: Any) -> None:
    if isinstance(value, dict):
        if set(value) != {"dt"} or not isinstance(value["dt"], str):
            raise ValueError("bad key")
        moment = dt.datetime.fromisoformat(value["dt"])
        if moment.tzinfo is None:
            raise ValueError("naive datetime")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > MAX_ID:
            raise ValueError("out of range")
    elif isinstance(value, str):
        _storable(value)
    else:
        raise ValueError("unexpected type")


def _check_cursor(cursor: str) -> None:
    """Refuse a tampered cursor before it reaches the database as a driver error."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list):
            raise ValueError("not a list")
        for value in values:
            _check_cursor_value(value)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise _bad_cursor() from exc


def _bad_cursor() -> ValidationError:
    return field_error("cursor", str(_("Invalid cursor; use the value returned by the previous page.")))


def paged[M: Model](query: PageQuery, fetch: Callable[[str | None, int], Page[M]]) -> dict[str, Any]:
    """Run ``fetch(cursor, size)`` and shape it as ``{"items": [...], "next_cursor": ...}``.

    A cursor of the right shape can still hold the wrong kind of value for the
    list's sort key (a name where a date belongs); the ORM rejects that while
    building the query, and it is the cursor's fault, not a server error.
    """
    cursor = query.cursor or None
    if cursor is None:
        page = fetch(None, page_size(query))
    else:
        _check_cursor(cursor)
        try:
            page = fetch(cursor, page_size(query))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            raise _bad_cursor() from exc
        except (ValueError, TypeError, OverflowError) as exc:
            raise _bad_cursor() from exc
    return {"items": page.items, "next_cursor": page.next_cursor}


def referenced[T](field: str, get: Callable[[], T]) -> T:
    """Resolve an object named in the request body; missing or hidden is a 422 on that field.

    The URL's own object answers 404; an id inside the body is input, so the
    caller learns which field to fix, and missing and hidden still look alike.
    """
    try:
        return get()
    except Http404 as exc:
        raise field_error(field, str(_("No such object, or you may not see it."))) from exc


@contextmanager
def fields_renamed(mapping: dict[str, str]) -> Iterator[None]:
    """Re-key a service's ValidationError to the request's field names (``order`` → ``order_id``)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({mapping.get(field, field): errors for field, errors in exc.error_dict.items()}) from exc
