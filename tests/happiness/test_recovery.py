"""Closing a recovery: what was done, how long it took, who may, and what they may not do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ConversationFactory
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.core.errors import NotFound
from wowdesk.happiness.models import Recovery, TeamDay
from wowdesk.happiness.selectors import my_open_recoveries_count, recoveries_page, recovery_get_for_user
from wowdesk.happiness.services import RECOVERY_TAG, recovery_close
from wowdesk.happiness.services.rollups import rollups_expected, rollups_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def recovery(surveyed):
    surveyed.grade("D", "The box was crushed and nobody cared.", now=timezone.now() - dt.timedelta(hours=5))
    return Recovery.objects.get()


def test_closing_records_what_was_done_and_the_time_it_took(recovery, rep, cookies_for):
    cookies = cookies_for(recovery.conversation)
    closed = recovery_close(actor=rep, recovery=recovery, what_was_done="Called, apologised, cookies.", gesture=cookies)

    assert closed.closed_by == rep
    assert closed.gesture == cookies
    assert closed.closed_day == timezone.localdate()
    assert closed.recovery_seconds is not None
    assert 5 * 3600 - 5 <= closed.recovery_seconds <= 5 * 3600 + 60
    assert RECOVERY_TAG not in set(recovery.conversation.tags.values_list("name", flat=True))
    [event] = TimelineEntry.objects.filter(conversation=recovery.conversation, event_type=EventType.RECOVERY_CLOSED)
    assert event.body == "Called, apologised, cookies. (Tin of cookies)"
    assert event.author == rep
    day = TeamDay.objects.get(day=closed.closed_day, recoveries_closed=1)
    assert day.recovery_seconds == closed.recovery_seconds
    assert rollups_stored() == rollups_expected()


def test_closing_twice_is_refused(recovery, rep):
    recovery_close(actor=rep, recovery=recovery, what_was_done="Called back.")
    with pytest.raises(ValidationError) as caught:
        recovery_close(actor=rep, recovery=recovery, what_was_done="Called again.")
    assert "recovery" in caught.value.message_dict
    assert Recovery.objects.get().what_was_done == "Called back."


@pytest.mark.parametrize(
    ("text", "field"), [("", "what_was_done"), ("   ", "what_was_done"), ("x" * 2001, "what_was_done")]
)
def test_what_was_done_is_required_and_bounded(recovery, rep, text, field):
    with pytest.raises(ValidationError) as caught:
        recovery_close(actor=rep, recovery=recovery, what_was_done=text)
    assert field in caught.value.message_dict
    assert Recovery.objects.get().is_open


def test_a_gesture_from_another_conversation_is_refused(recovery, rep, team, cookies_for):
    elsewhere = cookies_for(ConversationFactory.create(team=team))
    with pytest.raises(ValidationError) as caught:
        recovery_close(actor=rep, recovery=recovery, what_was_done="Cookies.", gesture=elsewhere)
    assert "gesture" in caught.value.message_dict
    assert Recovery.objects.get().is_open


def test_recoveries_follow_the_conversation_visibility(recovery, rep, outsider, lead):
    assert recovery_get_for_user(user=rep, pk=recovery.pk) == recovery
    assert recovery_get_for_user(user=lead, pk=recovery.pk) == recovery
    with pytest.raises(NotFound):
        recovery_get_for_user(user=outsider, pk=recovery.pk)
    assert recoveries_page(user=outsider, cursor=None, size=10).items == []


def test_the_menu_count_is_open_recoveries_for_me(lead, teammate, recovery, rep):
    assert my_open_recoveries_count(user=rep) == 1
    assert my_open_recoveries_count(user=lead) == 1
    assert my_open_recoveries_count(user=teammate) == 0
    recovery_close(actor=teammate, recovery=recovery, what_was_done="I called her back.")
    assert my_open_recoveries_count(user=rep) == 0


def test_lists_open_oldest_first_closed_latest_first(surveyed_factory, rep):
    old, new = surveyed_factory(), surveyed_factory()
    old.grade("F", now=timezone.now() - dt.timedelta(days=2))
    new.grade("D")
    ids = [r.conversation_id for r in recoveries_page(user=rep, state="open", cursor=None, size=10).items]
    assert ids == [old.conversation.pk, new.conversation.pk]
    for r in Recovery.objects.order_by("id"):
        recovery_close(actor=rep, recovery=r, what_was_done="Sorted.")
    closed = [r.conversation_id for r in recoveries_page(user=rep, state="closed", cursor=None, size=10).items]
    assert closed == [new.conversation.pk, old.conversation.pk]
    with pytest.raises(ValidationError):
        recoveries_page(user=rep, state="everything", cursor=None, size=10)
