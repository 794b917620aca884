"""Where legends learn a conversation's grade (A to F), without depending on the grades app.

Grades belong to ``wowdesk.happiness``, built in parallel with this app.
Everything here that wants a grade (two candidate rules, the capture
pre-fill) asks ``grade_source()`` for a ``GradeSource`` and calls it with
conversation ids. Until that app is installed the answer is "unknown" for
every conversation (an empty mapping), so the grade rules propose nothing
and the pre-fill says "not graded". Once ``wowdesk.happiness`` is in
``INSTALLED_APPS``, its ``selectors.latest_grades(*, conversation_ids)``
is used as is; tests pass their own source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import Protocol, cast

from django.apps import apps

GRADES_APP = "wowdesk.happiness"


class GradeSource(Protocol):
    def __call__(self, *, conversation_ids: Sequence[int]) -> Mapping[int, str]:
        """Latest grade ("A".."F") by conversation id; conversations without a grade are left out."""
        ...


def unknown_grades(*, conversation_ids: Sequence[int]) -> Mapping[int, str]:
    """No grades are known: every conversation is "not graded"."""
    return {}


def grade_source() -> GradeSource:
    if apps.is_installed(GRADES_APP):
        selectors = import_module(f"{GRADES_APP}.selectors")
        return cast(GradeSource, selectors.latest_grades)
    return unknown_grades
