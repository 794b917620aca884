"""Periodic jobs, declared in code by the apps that own them.

An app registers its jobs from ``AppConfig.ready()``::

    register(name="mail.poll", every=timedelta(minutes=1), task=poll_mailboxes)

The registry is configuration, identical in every process because every
process imports the same code; it holds no runtime state. What has run is
recorded in the database (``ScheduledRun``), so any number of schedulers on
any number of machines cooperate without talking to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.tasks import Task

MIN_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class Schedule:
    name: str
    every: timedelta
    task: Task[[], Any]
    description: str = ""


_schedules: dict[str, Schedule] = {}


def register(*, name: str, every: timedelta, task: Task[[], Any], description: str = "") -> Schedule:
    """Declare that ``task`` (which takes no arguments) runs once per ``every``.

    The task must be idempotent: a slot is enqueued at most once, but a
    worker may still retry it, and a job that catches up after downtime runs
    once for the current slot, not once per missed slot.
    """
    if every < MIN_INTERVAL or every.total_seconds() % 60:
        raise ImproperlyConfigured(f"Schedule {name!r}: 'every' must be a whole number of minutes, at least one.")
    if len(name) > 100:
        raise ImproperlyConfigured(f"Schedule {name!r}: the name is longer than 100 characters.")
    existing = _schedules.get(name)
    if existing is not None and existing.task.module_path != task.module_path:
        raise ImproperlyConfigured(f"Schedule {name!r} is registered twice with different tasks.")
    schedule = Schedule(name=name, every=every, task=task, description=description)
    _schedules[name] = schedule
    return schedule


def unregister(name: str) -> None:
    """Remove a schedule (tests use this to clean up after themselves)."""
    _schedules.pop(name, None)


def registered() -> list[Schedule]:
    return sorted(_schedules.values(), key=lambda s: s.name)


def get(name: str) -> Schedule | None:
    return _schedules.get(name)
