"""Abstract bases shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import get_language

# (field, language) -> {stored value: label}. Derived from code, identical in every process.
_LABELS: dict[tuple[int, str | None], dict[Any, str]] = {}


class ChoiceLabelsModel(models.Model):
    """``get_<field>_display()`` from a per-language lookup table instead of rebuilding it each call.

    Django's own version hashes every choice, which translates every lazy
    label, on every call: a list page of 25 rows with three choice
    columns spent a third of its time there.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: Field[Any, Any]) -> str:
        key = (id(field), get_language())
        labels = _LABELS.get(key)
        if labels is None:
            labels = _LABELS[key] = {value: str(label) for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return labels.get(value, "" if value is None else str(value))


class TimeStampedModel(ChoiceLabelsModel):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """Raised when code tries to rewrite history that must only grow."""


class AppendOnlyModel(ChoiceLabelsModel):
    """A row that is written once and never changed or deleted by the app.

    Timelines and audit trails use this: a support team must be able to trust
    that what the history shows is what happened.
    """

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
