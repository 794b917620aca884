"""Housekeeping the scheduler itself runs."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import TaskResultStatus, task
from django.utils import timezone

# Finished background jobs are only useful for diagnosing recent failures.
FINISHED_RESULT_RETENTION = timedelta(days=30)


@task()
def prune_finished_task_results() -> int:
    """Delete finished task results older than the retention window; returns how many.

    Idempotent: a second run finds nothing left to delete.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - FINISHED_RESULT_RETENTION
    deleted, _by_model = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    ).delete()
    return deleted
