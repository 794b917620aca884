"""Background work for legends: looking for candidates."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

# Each hourly run looks back this far; overlapping windows are harmless (the finder is idempotent).
LOOKBACK = dt.timedelta(days=7)


@task()
def find_legend_candidates() -> int:
    """Propose the last week's likely legends. Idempotent; returns how many reasons were found."""
    from wowdesk.legends.services.candidates import candidates_find

    now = timezone.now()
    return candidates_find(since=now - LOOKBACK, until=now)
