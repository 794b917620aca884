"""Model validation helpers for services."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model


def validate(instance: Model, *, exclude: Iterable[str] = ()) -> None:
    """Run field, choice and constraint validation; raises ValidationError by field.

    Uniqueness is checked too, so a duplicate email is a 4xx naming the field
    and not an IntegrityError from the database.
    """
    instance.full_clean(exclude=list(exclude))
