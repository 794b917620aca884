"""Template filters for conversation pages."""

from __future__ import annotations

from django import template

from wowdesk.conversations.services import format_duration

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """A stored call length, as the rest of the product writes it."""
    return "" if seconds is None else format_duration(seconds)


@register.filter
def clock(seconds: int | None) -> str:
    """H:MM:SS with unbounded hours, the format of the live call timer."""
    if seconds is None:
        return ""
    hours, rest = divmod(max(int(seconds), 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
