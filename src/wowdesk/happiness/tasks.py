"""Background work for happiness: thin adapters over the services, taking ids, idempotent."""

from __future__ import annotations

from django.tasks import task

from wowdesk.happiness.services.surveys import survey_send


@task()
def send_survey(conversation_id: int, trigger: str) -> str:
    """Ask for a grade on one conversation; a second run finds the survey row and sends nothing more."""
    survey = survey_send(conversation_id=conversation_id, trigger=trigger)
    return "nothing to ask" if survey is None else survey.status
