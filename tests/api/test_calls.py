"""Calls: start, stop, list; the duration is stored and shown, never ranked."""

from __future__ import annotations

import pytest

from tests.api.conftest import fields
from tests.factories import CallFactory, ConversationFactory
from wowdesk.conversations.models import Call

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_conversation(team):
    return ConversationFactory.create(team=team, channel="phone")


def test_start_then_stop_a_call_stores_its_duration(rep, rep_api, phone_conversation):
    started = rep_api.post(f"/conversations/{phone_conversation.pk}/calls")
    assert started.status_code == 201, started.content
    call = started.json()
    assert call["in_progress"] is True
    assert call["duration_seconds"] is None
    assert call["agent"]["id"] == rep.pk
    stopped = rep_api.post(f"/calls/{call['id']}/stop")
    assert stopped.status_code == 200
    assert stopped.json()["in_progress"] is False
    assert stopped.json()["duration_seconds"] >= 0


def test_a_second_call_while_one_runs_is_422(rep_api, phone_conversation):
    assert rep_api.post(f"/conversations/{phone_conversation.pk}/calls").status_code == 201
    response = rep_api.post(f"/conversations/{phone_conversation.pk}/calls")
    assert response.status_code == 422
    assert fields(response) == {"call"}
    assert Call.objects.count() == 1


def test_stopping_an_ended_call_changes_nothing(rep, rep_api, phone_conversation):
    call = CallFactory.create(conversation=phone_conversation, agent=rep)
    first = rep_api.post(f"/calls/{call.pk}/stop").json()
    assert first["duration_seconds"] >= 300
    assert rep_api.post(f"/calls/{call.pk}/stop").json() == first


def test_duration_shows_on_the_call_and_the_conversation(rep, rep_api, phone_conversation):
    call = CallFactory.create(conversation=phone_conversation, agent=rep)
    rep_api.post(f"/calls/{call.pk}/stop")
    duration = rep_api.get(f"/calls/{call.pk}").json()["duration_seconds"]
    assert duration >= 300
    detail = rep_api.get(f"/conversations/{phone_conversation.pk}").json()
    assert [c["duration_seconds"] for c in detail["calls"]] == [duration]


def test_call_list_is_newest_first_and_has_no_duration_sort(rep, rep_api, phone_conversation):
    older = CallFactory.create(conversation=phone_conversation, agent=rep)
    rep_api.post(f"/calls/{older.pk}/stop")
    newer = rep_api.post(f"/conversations/{phone_conversation.pk}/calls").json()
    response = rep_api.get(f"/conversations/{phone_conversation.pk}/calls", {"sort": "duration"})
    assert [c["id"] for c in response.json()["items"]] == [newer["id"], older.pk]
    schema = rep_api.get("/openapi.json").json()
    parameters = schema["paths"]["/api/conversations/{pk}/calls"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"pk", "cursor", "limit"}


def test_calls_are_hidden_with_their_conversation(rep, outsider_api, lead_api, phone_conversation):
    call = CallFactory.create(conversation=phone_conversation, agent=rep)
    assert outsider_api.get(f"/calls/{call.pk}").status_code == 404
    assert outsider_api.post(f"/calls/{call.pk}/stop").status_code == 404
    assert outsider_api.get(f"/conversations/{phone_conversation.pk}/calls").status_code == 404
    call.refresh_from_db()
    assert call.ended_at is None
    assert lead_api.get(f"/calls/{call.pk}").status_code == 200
