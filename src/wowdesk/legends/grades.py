"""Where legends learn a conversation's grade (A to F): the grades app's ``latest_grades``.

Everything here that wants a grade (two candidate rules, the capture
pre-fill) asks ``grade_source()`` for a ``GradeSource`` and calls it with
conversation ids, so tests can pass a source of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from wowdesk.happiness.selectors import latest_grades


class GradeSource(Protocol):
    def __call__(self, *, conversation_ids: Sequence[int]) -> Mapping[int, str]:
        """Latest grade ("A".."F") by conversation id; conversations without a grade are left out."""
        ...


def unknown_grades(*, conversation_ids: Sequence[int]) -> Mapping[int, str]:
    """No grades are known: every conversation is "not graded"."""
    return {}


def grade_source() -> GradeSource:
    return latest_grades
