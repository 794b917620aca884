"""Form fields that keep out-of-range numbers away from the database.

A number too big for a 64-bit integer makes SQLite raise ``OverflowError``
(and PostgreSQL a ``DataError``) the moment the ORM sends it, which Django's
own choice fields do not catch: a typed or tampered id like
``99999999999999999999`` would be a 500 instead of a 400 naming the field.
Every form in WowDesk uses these in place of Django's (a test checks), so the
rule lives here once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The largest value of a 64-bit signed integer: every id and counter column.
MAX_INT = 2**63 - 1
M = TypeVar("M", bound=models.Model)


def fits_in_a_column(value: object) -> bool:
    """False only for a whole number (as text or int) beyond what an integer column holds."""
    text = str(value).strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isdigit():
        return True  # not a number at all: Django's own checks reject it with their message
    return abs(int(text)) <= MAX_INT


class IntegerField(forms.IntegerField):
    """``forms.IntegerField`` bounded to what the database stores, unless the form sets tighter bounds."""

    def __init__(self, *, max_value: int | None = None, min_value: int | None = None, **kwargs: Any) -> None:
        super().__init__(
            max_value=MAX_INT if max_value is None else max_value,
            min_value=-MAX_INT if min_value is None else min_value,
            **kwargs,
        )


class ModelChoiceField(forms.ModelChoiceField[M]):
    def to_python(self, value: Any) -> M | None:
        if value not in self.empty_values and not fits_in_a_column(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField[M]):
    def clean(self, value: Any) -> models.QuerySet[M]:
        if isinstance(value, list | tuple):
            for pk in value:
                if not fits_in_a_column(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(pk)[:40]}
                    )
        return super().clean(value)
