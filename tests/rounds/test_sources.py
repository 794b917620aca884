"""The finders: each source proposes what needs a look today, and leaves alone what does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from wowdesk.conversations.models import Conversation, Status
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import OrderRecord, Shipment
from wowdesk.happiness.services import recovery_close
from wowdesk.mail.models import DeliveryStatus
from wowdesk.rounds import sources as finders
from wowdesk.rounds.models import Audience, Source
from wowdesk.rounds.sources import PER_SOURCE, WAITING_PER_QUEUE, candidates

pytestmark = pytest.mark.django_db


def _found(finder, now=None) -> list[finders.Candidate]:
    now = now or timezone.now()
    found: list[finders.Candidate] = finder(day=timezone.localdate(now), now=now)
    return found


def test_open_recoveries_are_found_and_closed_ones_are_not(sources, rep):
    open_one = sources.recovery(letter="F")
    closed = sources.recovery(letter="C")
    recovery_close(actor=rep, recovery=closed, what_was_done="Called and put it right.")

    found = _found(finders.recoveries)

    assert [c.object_id for c in found] == [open_one.pk]
    assert found[0].conversation_id == open_one.conversation_id
    assert found[0].title.startswith("A F on")
    assert found[0].detail == "Nobody called me back."


def test_failed_email_follows_its_conversation_or_is_for_leads(sources):
    conversation = sources.conversation()
    on_conversation = sources.failed_email(conversation)
    loose = sources.failed_email(None)
    sources.failed_email(conversation, status=DeliveryStatus.SENT, failed_at=None, sent_at=timezone.now())

    found = {c.object_id: c for c in _found(finders.failed_emails)}

    assert set(found) == {on_conversation.pk, loose.pk}
    assert found[on_conversation.pk].audience == Audience.CONVERSATION
    assert found[loose.pk].audience == Audience.LEADS
    assert found[loose.pk].detail == "550 mailbox unavailable"


def test_parcels_due_today_or_late_are_found_and_delivered_ones_are_not(sources):
    late = sources.shipment(late=True)
    sources.shipment(late=False)  # due next week: not today's business
    delivered = sources.shipment(late=True)
    Shipment.objects.filter(pk=delivered.pk).update(state=Shipment.State.DELIVERED, tracking_number="T1")

    found = _found(finders.shipments)

    assert [c.object_id for c in found] == [late.gesture_id]
    assert found[0].detail.startswith("Late.")
    assert found[0].due_at == late.ship_by


def test_refunds_due_or_failed_are_found_and_completed_ones_are_not(sources):
    due = sources.refund(late=True)
    failed = sources.refund(late=False)
    OrderRecord.objects.filter(pk=failed.pk).update(state=OrderRecord.State.FAILED)
    done = sources.refund(late=True)
    OrderRecord.objects.filter(pk=done.pk).update(state=OrderRecord.State.COMPLETED)

    found = _found(finders.order_records)

    # Soonest due first: the one due yesterday, then the failed one (due next week, but failed now).
    assert [c.object_id for c in found] == [due.gesture_id, failed.gesture_id]
    assert "failed" in found[1].title
    assert found[0].detail == "10.00 USD"


def test_mentions_still_flagged_oldest_first(sources, rep):
    newer = sources.mention(posted_at=timezone.now() - dt.timedelta(hours=2))
    older = sources.mention(posted_at=timezone.now() - dt.timedelta(days=3))
    sources.mention(followed_up_at=timezone.now(), followed_up_by=rep)

    assert [c.object_id for c in _found(finders.mentions)] == [older.pk, newer.pk]


def test_waiting_conversations_per_queue_longest_waiting_first(sources, team, other_team):
    oldest = sources.waiting(days=9)
    newer = sources.waiting(days=3, status=Status.NEW)
    sources.waiting(days=0.5)  # quiet for half a day only
    sources.waiting(days=9, status=Status.WAITING)  # waiting on the customer, not on us
    sources.waiting(days=9, status=Status.RESOLVED)
    theirs = sources.waiting(days=4, team=other_team)
    shared = sources.waiting(days=5, team=None)

    found = [c.object_id for c in _found(finders.waiting)]

    assert found == [oldest.pk, newer.pk, theirs.pk, shared.pk]


def test_waiting_takes_a_few_per_queue_not_the_whole_backlog(sources):
    for days in range(2, 2 + WAITING_PER_QUEUE + 3):
        sources.waiting(days=days)

    found = _found(finders.waiting)

    assert len(found) == WAITING_PER_QUEUE
    since = [c.since for c in found if c.since is not None]
    assert len(since) == len(found)
    assert since == sorted(since)


def test_life_moments_in_the_coming_week_are_for_all_staff(sources):
    soon = sources.moment(days=0)
    later = sources.moment(days=6)
    sources.moment(days=7)  # a week away: another day's round
    sources.moment(days=-1)

    found = _found(finders.life_moments)

    assert [c.object_id for c in found] == [soon.pk, later.pk]
    assert {c.audience for c in found} == {Audience.STAFF}
    assert all(c.conversation_id is None for c in found)
    assert "Moving" in found[0].title


def test_each_source_is_bounded(sources):
    conversation = sources.conversation()
    for _ in range(PER_SOURCE + 2):
        sources.mention(conversation)
        sources.moment(kind=LifeMoment.Kind.WEDDING)

    assert len(_found(finders.mentions)) == PER_SOURCE
    assert len(_found(finders.life_moments)) == PER_SOURCE


def test_a_conversation_with_a_specific_reason_is_not_listed_again_as_waiting(sources):
    conversation = sources.waiting(days=4)
    sources.mention(conversation)
    alone = sources.waiting(days=3)

    found = candidates(day=timezone.localdate(), now=timezone.now())

    assert [(c.source, c.conversation_id) for c in found] == [
        (Source.MENTION, conversation.pk),
        (Source.WAITING, alone.pk),
    ]


def test_sources_as_of_a_past_morning_ignore_what_came_later(sources):
    sources.mention(posted_at=timezone.now() - dt.timedelta(hours=1))
    earlier = timezone.now() - dt.timedelta(hours=5)

    assert _found(finders.mentions, now=earlier) == []


def test_merged_conversations_are_not_waiting(sources):
    target = sources.waiting(days=2)
    merged = sources.waiting(days=5)
    Conversation.objects.filter(pk=merged.pk).update(merged_into=target)

    assert [c.object_id for c in _found(finders.waiting)] == [target.pk]
