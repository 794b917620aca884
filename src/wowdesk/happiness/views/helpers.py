"""Parsing the dashboard's filters from a query string, shared by the pages and the CSV export."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from wowdesk.core.errors import field_error
from wowdesk.happiness.selectors import DashboardFilters


def _date(query: QueryDict, name: str) -> dt.date | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise field_error(name, _("Give a date as YYYY-MM-DD."))
    return value


def _int(query: QueryDict, name: str) -> int | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise field_error(name, _("Choose one from the list."))
    return int(raw)


def dashboard_filters(query: QueryDict) -> DashboardFilters:
    """The filters in ``query``; ValidationError naming the parameter that is wrong."""
    start, end = _date(query, "from"), _date(query, "to")
    period = query.get("period") or ("custom" if start or end else "26w")
    return DashboardFilters(
        period=period, start=start, end=end, team_id=_int(query, "team"), channel=query.get("channel", "")
    )


def error_lines(exc: object) -> list[str]:
    messages = getattr(exc, "message_dict", {})
    return [f"{field}: {' '.join(text)}" for field, text in messages.items()]
