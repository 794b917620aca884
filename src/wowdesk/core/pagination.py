"""Keyset (cursor) pagination shared by web pages and the JSON API.

Offsets get slower the deeper you page and shift when rows arrive; a keyset
cursor ("rows after this sort key") is an index range scan at any depth. The
ordering must end in a unique column (``id``) so the key is total.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from wowdesk.core.errors import field_error

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page[M: Model]:
    items: list[M]
    next_cursor: str | None


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"dt"}:
        return dt.datetime.fromisoformat(value["dt"])
    return value


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("wrong shape")
        return [_decode_value(v) for v in values]
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError) as exc:
        raise field_error("cursor", "Invalid cursor; use the value returned by the previous page.") from exc


def _after_q(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in ``ordering`` (lexicographic)."""
    result = Q()
    for i, key in enumerate(ordering):
        field = key.lstrip("-")
        op = "lt" if key.startswith("-") else "gt"
        clause = Q(**{f"{field}__{op}": values[i]})
        for prev_key, prev_value in zip(ordering[:i], values[:i], strict=True):
            clause &= Q(**{prev_key.lstrip("-"): prev_value})
        result |= clause
    return result


def paginate[M: Model](
    queryset: QuerySet[M], *, ordering: tuple[str, ...], cursor: str | None, size: int, ids_first: bool = False
) -> Page[M]:
    """Return one page of ``queryset`` after ``cursor``.

    Fetches ``size + 1`` rows to learn whether another page exists without a
    COUNT, which would scan the whole result.

    ``ids_first`` reads the page's ids from the filtered table alone, then
    the rows with everything ``queryset`` joins (one query more). For a list
    with many ``select_related`` joins: in one statement SQLite started from a
    small joined table (the staff) and sorted every matching row, and
    PostgreSQL joined every row before applying an ``IN (subquery)`` of the
    ids (seconds at a million conversations, both).
    """
    qs = queryset.order_by(*ordering)
    if cursor:
        qs = qs.filter(_after_q(ordering, decode_cursor(cursor, len(ordering))))
    if ids_first:
        ids = list(qs.values_list("pk", flat=True)[: size + 1])
        rows = list(queryset.filter(pk__in=ids).order_by(*ordering)) if ids else []
    else:
        rows = list(qs[: size + 1])
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = encode_cursor([getattr(last, key.lstrip("-")) for key in ordering])
    return Page(items=items, next_cursor=next_cursor)
