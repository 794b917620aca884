"""The follow-up hooks conversations calls, and the ones happiness registers."""

from __future__ import annotations

import pytest

from tests.factories import ConversationFactory
from wowdesk.conversations import followups
from wowdesk.conversations.models import Status
from wowdesk.conversations.services import conversation_change_status, conversation_reply
from wowdesk.happiness.services.surveys import survey_after_call, survey_after_resolution

pytestmark = pytest.mark.django_db


def test_happiness_listens_for_resolutions_and_ended_calls():
    assert survey_after_resolution in followups._resolved
    assert survey_after_call in followups._call_ended


def test_registering_twice_runs_a_hook_once(monkeypatch, rep, team):
    monkeypatch.setattr(followups, "_resolved", [])
    seen: list[int] = []

    def hook(conversation):
        seen.append(conversation.pk)

    followups.register_resolved_hook(hook)
    followups.register_resolved_hook(hook)
    conversation = ConversationFactory.create(team=team, status=Status.OPEN)
    conversation_change_status(actor=rep, conversation=conversation, status=Status.WAITING)
    assert seen == []  # only a resolution counts
    conversation_reply(actor=rep, conversation=conversation, body="All sorted.", status=Status.RESOLVED)
    conversation_change_status(actor=rep, conversation=conversation, status=Status.RESOLVED)  # no change, no call
    assert seen == [conversation.pk]
