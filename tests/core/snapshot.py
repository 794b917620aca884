"""Row counts of every WowDesk table, to prove a failed service wrote nothing."""

from __future__ import annotations

from django.apps import apps


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("wowdesk.")
    }
