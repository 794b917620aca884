"""Weeks and months in the install's time zone.

A card belongs to the week (Monday to Sunday) of the local day it was
written; an award belongs to a calendar month. Periods are identified by
their first day, so a week is the date of its Monday and a month the date
of its 1st. Closing a period means it has ended in local time.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_day(moment: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(moment or timezone.now())


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware datetimes where local ``day`` starts and the next day starts."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end
