"""Building legends in a given state the way the product does, through its services."""

from __future__ import annotations

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.legends.facts import Sources
from wowdesk.legends.models import CompanyValue, Legend, State
from wowdesk.legends.services import (
    consent_record_call,
    legend_capture,
    legend_redact,
    legend_transition,
    legend_update,
)

STORY = "Lorna phoned to order walking shoes and stayed on the line for most of a day, talking about her move."
LESSON = "Nobody hurried her. Take the time a customer needs."


def draft(author: User, conversation: Conversation, values: list[CompanyValue], *, story: str = STORY) -> Legend:
    legend = legend_capture(actor=author, sources=Sources(conversation=conversation))
    return legend_update(
        actor=author, legend=legend, title="The long call", story=story, lesson=LESSON, values=values[:1]
    )


def published(lead: User, conversation: Conversation, values: list[CompanyValue], *, to: str = State.STAFF) -> Legend:
    """A redacted legend published to ``to``; public ones get consent recorded on a call first."""
    legend = legend_redact(actor=lead, legend=draft(lead, conversation, values))
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    if to == State.PUBLIC:
        consent_record_call(actor=lead, legend=legend, note="She said yes, happily, on the phone.")
    return legend_transition(actor=lead, legend=legend, to=to)
