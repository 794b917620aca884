"""Background work for recognition: the monthly close."""

from __future__ import annotations

from django.tasks import task


@task()
def close_award_months() -> int:
    """Close every ended month's votes and announce the awards. Idempotent; returns how many were closed."""
    from wowdesk.recognition.services import award_months_close

    return len(award_months_close())
