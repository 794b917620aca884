"""The record of which periodic slots have been handed to the task queue."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One slot of one schedule, claimed by exactly one scheduler.

    The unique constraint is the whole coordination protocol: schedulers race
    to insert the row for the current slot and only the winner enqueues.
    """

    name = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="Start of the interval this run covers.")
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-slot", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")]
        indexes = [models.Index(fields=["slot"], name="scheduled_run_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
