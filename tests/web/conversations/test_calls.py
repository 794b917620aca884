"""Starting and stopping calls from the conversation page; the duration is stored and shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CallFactory
from wowdesk.conversations.models import Call

pytestmark = pytest.mark.django_db


def start(conversation) -> str:
    return reverse("conversations:call_start", args=[conversation.pk])


def stop(call) -> str:
    return reverse("conversations:call_stop", args=[call.pk])


def test_start_call_opens_a_call_and_shows_the_timer(rep_client, rep, conversation):
    response = rep_client.post(start(conversation), follow=True)

    call = Call.objects.get(conversation=conversation)
    assert call.agent == rep
    assert call.in_progress
    assert response.redirect_chain == [(reverse("conversations:detail", args=[conversation.pk]), 302)]
    assert 'role="timer"' in response.text
    assert f'data-call-started="{call.started_at.isoformat(timespec="milliseconds")}"' in response.text
    assert "call-timer.js" in response.text


def test_second_start_while_a_call_runs_is_a_400_saying_so(rep_client, rep, conversation):
    CallFactory.create(conversation=conversation, agent=rep)

    response = rep_client.post(start(conversation))

    assert response.status_code == 400
    assert "A call is already in progress" in response.text
    assert Call.objects.filter(conversation=conversation).count() == 1


def test_stop_stores_and_shows_the_duration(rep_client, rep, conversation):
    call = CallFactory.create(conversation=conversation, agent=rep, started_at=timezone.now() - dt.timedelta(minutes=4))

    response = rep_client.post(stop(call), follow=True)

    call.refresh_from_db()
    assert call.ended_at is not None
    assert call.duration_seconds is not None
    assert 240 <= call.duration_seconds < 300
    assert f'<span class="call-duration">4:{call.duration_seconds - 240:02d}</span>' in response.text
    assert 'role="timer"' not in response.text


def test_a_ten_hour_call_is_stopped_and_shown_in_hours(rep_client, rep, conversation):
    started = timezone.now() - dt.timedelta(hours=10, minutes=2)
    call = CallFactory.create(conversation=conversation, agent=rep, started_at=started)

    text = rep_client.post(stop(call), follow=True).text

    call.refresh_from_db()
    assert call.duration_seconds is not None
    assert call.duration_seconds >= 10 * 3600 + 120
    assert '<span class="call-duration">10:02:' in text


def test_htmx_stop_returns_the_part_with_the_duration(rep_client, rep, conversation, htmx):
    call = CallFactory.create(conversation=conversation, agent=rep)

    response = rep_client.post(stop(call), headers=htmx)

    assert response.status_code == 200
    assert 'class="call-duration"' in response.text
    assert "Start call" in response.text


def test_stopping_an_ended_call_changes_nothing(rep_client, rep, conversation):
    call = CallFactory.create(conversation=conversation, agent=rep)
    rep_client.post(stop(call))
    call.refresh_from_db()
    ended = call.ended_at

    response = rep_client.post(stop(call))

    call.refresh_from_db()
    assert response.status_code == 302
    assert call.ended_at == ended


def test_outsider_cannot_stop_a_call_on_another_teams_conversation(outsider_client, rep, conversation):
    call = CallFactory.create(conversation=conversation, agent=rep)

    assert outsider_client.post(stop(call)).status_code == 404
    call.refresh_from_db()
    assert call.in_progress


def test_call_length_is_never_judged(rep_client, rep, conversation):
    """No limit, warning or nudge about length: a long call looks like any other."""
    CallFactory.create(conversation=conversation, agent=rep, started_at=timezone.now() - dt.timedelta(hours=12))

    text = rep_client.get(reverse("conversations:detail", args=[conversation.pk])).text.lower()
    calls_section = text[text.index('id="calls"') : text.index("</section>", text.index('id="calls"'))]

    assert ">12:00:" in calls_section
    for word in ("limit", "too long", "target", "warning", "exceed", "alert"):
        assert word not in calls_section
