"""What the happiness app adds to other apps' pages, and the filters its own pages use.

The conversation page only ``{% include %}``s ``happiness/_conversation_panel.html``;
the panel loads its data here (one query for a conversation never surveyed,
at most three otherwise), so ``conversations`` need not know grades exist.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wowdesk.conversations.models import Conversation
from wowdesk.happiness.forms import RecoveryCloseForm
from wowdesk.happiness.models import LETTERS, Survey
from wowdesk.happiness.selectors import Distribution, gestures_for_recovery, recoveries_for_conversation
from wowdesk.happiness.selectors.dashboard import Tail

register = template.Library()


@register.simple_tag
def conversation_happiness(conversation: Conversation) -> dict[str, Any]:
    """The conversation's survey and grade (one query), its recoveries, and a close form for an open one."""
    survey = (
        Survey.objects.filter(conversation_id=conversation.pk)
        .select_related("grade", "grade__team", "grade__rep")
        .first()
    )
    grade = getattr(survey, "grade", None) if survey is not None else None
    recoveries = recoveries_for_conversation(conversation_id=conversation.pk) if grade is not None else []
    open_one = next((r for r in recoveries if r.closed_at is None), None)
    form = RecoveryCloseForm(gestures=gestures_for_recovery(recovery=open_one)) if open_one else None
    return {"survey": survey, "grade": grade, "recoveries": recoveries, "close_form": form}


@register.filter
def as_percent(value: float | None) -> str:
    """0.653 → ``65%`` (one decimal under 10%, where a point matters)."""
    if value is None:
        return ""
    percent = value * 100
    return f"{percent:.1f}%" if 0 < percent < 10 else f"{percent:.0f}%"


@register.filter
def percent_width(value: float) -> str:
    return f"{max(0.0, min(1.0, value)) * 100:.1f}%"


@register.filter
def shares(grades: Distribution) -> list[tuple[str, float]]:
    return [(letter, grades.share(letter)) for letter in LETTERS]


@register.filter
def distribution_label(grades: Distribution) -> str:
    return ", ".join(f"{letter} {as_percent(grades.share(letter))}" for letter in LETTERS)


@register.filter
def seconds_human(seconds: float | None) -> str:
    """How long something took, roughly: ``45 minutes``, ``3.5 hours``, ``2.0 days``."""
    if seconds is None:
        return ""
    minutes = seconds / 60
    if minutes < 90:
        return _("%(n)d minutes") % {"n": round(minutes)}
    hours = minutes / 60
    if hours < 48:
        return _("%(n).1f hours") % {"n": hours}
    return _("%(n).1f days") % {"n": hours / 24}


@register.filter
def tail_sections(tail: Tail) -> list[tuple[str, list[Any]]]:
    return [(_("Channel"), tail.channels), (_("Team"), tail.teams), (_("Problem type"), tail.problems)]


@register.filter
def without(query: QueryDict, key: str) -> str:
    """The query string without ``key`` (to add it back with a new value)."""
    copy = query.copy()
    copy.pop(key, None)
    return copy.urlencode()


@register.simple_tag
def grade_badge(letter: str) -> SafeString:
    """A grade letter in its colour (a tag, not an include: it is drawn dozens of times per page)."""
    return format_html('<span class="grade grade-{}">{}</span>', letter.lower(), letter)


@register.simple_tag
def grade_bar(grades: Distribution) -> SafeString:
    """A stacked bar of the shares of A to F, with the figures as its accessible label."""
    parts = format_html_join(
        "",
        '<span class="gradebar-{}" style="width: {}"></span>',
        ((letter.lower(), percent_width(share)) for letter, share in shares(grades) if share),
    )
    return format_html('<span class="gradebar" role="img" aria-label="{}">{}</span>', distribution_label(grades), parts)
