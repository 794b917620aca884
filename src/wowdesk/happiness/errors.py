"""Errors of the public survey flow; the web page and the API turn them into 4xx answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class SurveyExpired(Exception):
    """The link is genuine but too old to grade with (HTTP 410)."""


class SurveyStale(ValidationError):
    """The form was already used: someone graded with this link since it was shown (HTTP 409).

    Each (token, revision) pair records at most one grade, so a replayed or
    double-submitted form cannot overwrite a newer grade.
    """
