"""Background work for rounds: the morning round, a thin adapter over the service."""

from __future__ import annotations

from django.tasks import task


@task()
def generate_morning_round() -> str:
    """Generate today's round once it is due. Idempotent: the unique day makes a second run find the first."""
    from wowdesk.rounds.services import round_generate_morning

    generated = round_generate_morning()
    if generated is None:
        return "not due yet"
    if generated.created:
        return f"generated {generated.round.day:%Y-%m-%d} with {generated.added} items"
    return f"{generated.round.day:%Y-%m-%d} already generated"
