"""Background work for cards: emailing a card, and the weekly Card of the Week close."""

from __future__ import annotations

from django.tasks import task


@task()
def send_card_email(card_id: int) -> bool:
    """Send one emailed card. Idempotent: a card already emailed is not sent again."""
    from wowdesk.cards.services import card_email_send

    return card_email_send(card_id=card_id)


@task()
def close_card_weeks() -> int:
    """Close every ended week and announce its Card of the Week. Idempotent; returns how many weeks closed."""
    from wowdesk.cards.services import card_weeks_close

    return len(card_weeks_close())
