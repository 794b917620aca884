"""Conversation writes: validation by field, append-only history, merges, calls."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.core.snapshot import row_counts
from tests.factories import CallFactory, ConversationFactory, CustomerFactory, TimelineEntryFactory, UserFactory
from wowdesk.conversations import services
from wowdesk.conversations.models import (
    Call,
    Channel,
    Conversation,
    EntryKind,
    EventType,
    Priority,
    Status,
    TimelineEntry,
)
from wowdesk.conversations.selectors import conversation_get_for_user, timeline_for
from wowdesk.core.models import AppendOnlyError

pytestmark = pytest.mark.django_db


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


def _open(**kwargs):
    if "customer" not in kwargs:
        kwargs["customer"] = CustomerFactory.create()
    return services.conversation_create(**({"actor": None, "channel": Channel.EMAIL, "subject": "Boots"} | kwargs))


def _events(conversation: Conversation) -> list[str]:
    return [e.event_type for e in timeline_for(conversation=conversation) if e.kind == EntryKind.EVENT]


class TestCreate:
    def test_opens_with_created_event_and_first_inbound_message(self):
        conversation = _open(body="Do the boots come in size 44?")

        entries = list(timeline_for(conversation=conversation))

        assert [(e.kind, e.event_type) for e in entries] == [
            (EntryKind.EVENT, EventType.CREATED),
            (EntryKind.INBOUND, ""),
        ]
        assert entries[1].author is None
        assert conversation.status == Status.NEW
        assert conversation.preview == "Do the boots come in size 44?"

    def test_with_an_assignee_starts_open(self, rep):
        assert _open(assignee=rep, team=rep.team).status == Status.OPEN

    def test_outbound_first_message_is_authored_by_the_rep(self, rep):
        conversation = _open(actor=rep, body="Calling to check the boots fit", direction=EntryKind.OUTBOUND)

        outbound = [e for e in timeline_for(conversation=conversation) if e.kind == EntryKind.OUTBOUND]

        assert [e.author for e in outbound] == [rep]

    def test_html_body_is_sanitised_and_text_derived(self):
        conversation = _open(body_html="<p>Hi <b>there</b></p><script>alert(1)</script>")

        message = conversation.entries.get(kind=EntryKind.INBOUND)

        assert "<script>" not in message.body_html
        assert "<b>there</b>" in message.body_html
        assert message.body == "Hi there"

    def test_tags_are_trimmed_lowercased_and_deduplicated(self):
        conversation = _open(tags=[" Shoes", "shoes", "RETURNS", " "])

        assert sorted(conversation.tags.values_list("name", flat=True)) == ["returns", "shoes"]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"channel": "pigeon"}, "channel"),
            ({"priority": "whenever"}, "priority"),
            ({"direction": EntryKind.NOTE}, "direction"),
            ({"subject": "   "}, "subject"),
            ({"body": "x" * (services.MAX_BODY + 1)}, "body"),
            ({"tags": ["x" * 51]}, "tags"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, kwargs, field):
        customer = CustomerFactory.create()
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            _open(customer=customer, **kwargs)

        assert field in _fields(exc)
        assert row_counts() == before

    def test_refuses_a_merged_away_customer(self):
        survivor = CustomerFactory.create()
        duplicate = CustomerFactory.create(merged_into=survivor)

        with pytest.raises(ValidationError) as exc:
            _open(customer=duplicate)

        assert _fields(exc) == {"customer"}

    def test_refuses_an_inactive_assignee(self):
        with pytest.raises(ValidationError) as exc:
            _open(assignee=UserFactory.create(is_active=False))

        assert _fields(exc) == {"assignee"}


class TestMessages:
    def test_customer_message_reopens_a_resolved_conversation(self):
        conversation = ConversationFactory.create(status=Status.RESOLVED, resolved_at=timezone.now())

        entry = services.message_receive(conversation=conversation, body="They still don't fit")

        conversation.refresh_from_db()
        assert conversation.status == Status.OPEN
        assert conversation.resolved_at is None
        assert conversation.last_activity_at == entry.created_at
        assert _events(conversation) == [EventType.STATUS_CHANGED]

    def test_long_message_preview_is_cut_to_the_column_size(self):
        conversation = ConversationFactory.create()

        services.message_receive(conversation=conversation, body="word " * 100)

        conversation.refresh_from_db()
        assert len(conversation.preview) == services.PREVIEW_LENGTH
        assert conversation.preview.endswith("…")

    def test_empty_customer_message_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            services.message_receive(conversation=ConversationFactory.create(), body="  \n ")

        assert _fields(exc) == {"body"}

    def test_reply_appends_outbound_entry_and_moves_new_to_open(self, rep):
        conversation = ConversationFactory.create()

        entry = services.conversation_reply(actor=rep, conversation=conversation, body="Size 44 ships today.")

        conversation.refresh_from_db()
        assert (entry.kind, entry.author) == (EntryKind.OUTBOUND, rep)
        assert conversation.status == Status.OPEN
        assert conversation.preview == "Size 44 ships today."

    def test_reply_can_resolve_in_the_same_step(self, rep):
        conversation = ConversationFactory.create(status=Status.OPEN)

        services.conversation_reply(actor=rep, conversation=conversation, body="All sorted!", status=Status.RESOLVED)

        conversation.refresh_from_db()
        assert conversation.status == Status.RESOLVED
        assert conversation.resolved_at is not None
        event = conversation.entries.get(event_type=EventType.STATUS_CHANGED)
        assert event.data == {"from": Status.OPEN, "to": Status.RESOLVED}

    @pytest.mark.parametrize(("kwargs", "field"), [({"body": ""}, "body"), ({"status": "closed"}, "status")])
    def test_bad_reply_writes_nothing(self, rep, kwargs, field):
        conversation = ConversationFactory.create()
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.conversation_reply(actor=rep, conversation=conversation, **({"body": "Hi"} | kwargs))

        assert _fields(exc) == {field}
        assert row_counts() == before
        conversation.refresh_from_db()
        assert conversation.status == Status.NEW

    def test_internal_note_leaves_the_customer_facing_preview_alone(self, rep):
        conversation = ConversationFactory.create(preview="Where are my boots?")

        note = services.conversation_add_note(actor=rep, conversation=conversation, body="Checked with the warehouse")

        conversation.refresh_from_db()
        assert note.kind == EntryKind.NOTE
        assert conversation.preview == "Where are my boots?"
        assert conversation.last_activity_at == note.created_at


class TestAppendOnlyTimeline:
    def test_saving_an_existing_entry_again_is_refused(self):
        entry = TimelineEntryFactory.create(body="original")
        entry.body = "rewritten"

        with pytest.raises(AppendOnlyError):
            entry.save()

        assert TimelineEntry.objects.get(pk=entry.pk).body == "original"

    def test_deleting_an_entry_is_refused(self):
        entry = TimelineEntryFactory.create()

        with pytest.raises(AppendOnlyError):
            entry.delete()

        assert TimelineEntry.objects.filter(pk=entry.pk).exists()

    def test_event_entries_need_an_event_type_in_the_database(self):
        conversation = ConversationFactory.create()

        with pytest.raises(IntegrityError), transaction.atomic():
            TimelineEntry.objects.create(conversation=conversation, kind=EntryKind.EVENT, event_type="")


class TestStateChanges:
    def test_status_change_records_an_event_only_when_it_changes(self, rep):
        conversation = ConversationFactory.create(status=Status.OPEN)

        services.conversation_change_status(actor=rep, conversation=conversation, status=Status.WAITING)
        services.conversation_change_status(actor=rep, conversation=conversation, status=Status.WAITING)

        assert _events(conversation) == [EventType.STATUS_CHANGED]

    def test_bad_status_names_the_field(self, rep):
        with pytest.raises(ValidationError) as exc:
            services.conversation_change_status(actor=rep, conversation=ConversationFactory.create(), status="done")

        assert _fields(exc) == {"status"}

    def test_assigning_a_new_conversation_opens_it_and_records_both_events(self, lead, rep):
        conversation = ConversationFactory.create()

        services.conversation_assign(actor=lead, conversation=conversation, assignee=rep, team=rep.team)

        conversation.refresh_from_db()
        assert (conversation.assignee, conversation.team, conversation.status) == (rep, rep.team, Status.OPEN)
        assert _events(conversation) == [EventType.ASSIGNED, EventType.STATUS_CHANGED]
        assigned = conversation.entries.get(event_type=EventType.ASSIGNED)
        assert assigned.data["to"] == {"assignee": rep.pk, "team": rep.team_id}

    def test_assigning_to_the_same_person_and_team_records_nothing(self, rep):
        conversation = ConversationFactory.create(assignee=rep, team=rep.team, status=Status.OPEN)

        services.conversation_assign(actor=rep, conversation=conversation, assignee=rep, team=rep.team)

        assert _events(conversation) == []

    def test_assigning_to_an_inactive_person_writes_nothing(self, lead):
        conversation = ConversationFactory.create()
        inactive = UserFactory.create(is_active=False)
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.conversation_assign(actor=lead, conversation=conversation, assignee=inactive, team=None)

        assert _fields(exc) == {"assignee"}
        assert row_counts() == before

    def test_priority_change_is_recorded_with_labels(self, rep):
        conversation = ConversationFactory.create()

        services.conversation_set_priority(actor=rep, conversation=conversation, priority=Priority.URGENT)

        conversation.refresh_from_db()
        assert conversation.priority == Priority.URGENT
        assert conversation.entries.get(event_type=EventType.PRIORITY_CHANGED).body == "Normal → Urgent"

    def test_bad_priority_names_the_field(self, rep):
        with pytest.raises(ValidationError) as exc:
            services.conversation_set_priority(actor=rep, conversation=ConversationFactory.create(), priority="asap")

        assert _fields(exc) == {"priority"}

    def test_tag_change_records_before_and_after(self, rep):
        conversation = _open(tags=["shoes"])

        after = services.conversation_set_tags(actor=rep, conversation=conversation, names=["Returns", "shoes"])
        services.conversation_set_tags(actor=rep, conversation=conversation, names=["shoes", "returns"])

        assert after == ["returns", "shoes"]
        event = conversation.entries.get(event_type=EventType.TAGS_CHANGED)
        assert event.data == {"from": ["shoes"], "to": ["returns", "shoes"]}

    def test_too_long_tag_leaves_existing_tags(self, rep):
        conversation = _open(tags=["shoes"])

        with pytest.raises(ValidationError) as exc:
            services.conversation_set_tags(actor=rep, conversation=conversation, names=["ok", "y" * 51])

        assert _fields(exc) == {"tags"}
        assert list(conversation.tags.values_list("name", flat=True)) == ["shoes"]


class TestMerge:
    def _pair(self):
        customer = CustomerFactory.create()
        source = _open(customer=customer, subject="Boots again", body="Second email about boots", tags=["boots"])
        target = _open(customer=customer, subject="Boots", body="First email about boots", tags=["vip"])
        return source, target

    def test_target_timeline_reads_both_conversations_without_moving_entries(self, rep):
        source, target = self._pair()
        source_entry_ids = set(source.entries.values_list("pk", flat=True))

        services.conversation_merge(actor=rep, source=source, target=target)

        bodies = [e.body for e in timeline_for(conversation=target) if e.is_message]
        assert sorted(bodies) == ["First email about boots", "Second email about boots"]
        assert source_entry_ids <= set(TimelineEntry.objects.filter(conversation=source).values_list("pk", flat=True))

    def test_source_is_resolved_and_old_links_lead_to_the_target(self, rep):
        source, target = self._pair()

        services.conversation_merge(actor=rep, source=source, target=target)

        source.refresh_from_db()
        assert (source.merged_into_id, source.status) == (target.pk, Status.RESOLVED)
        assert source.resolved_at is not None
        assert conversation_get_for_user(user=rep, pk=source.pk) == target

    def test_tags_are_united_and_both_sides_record_the_merge(self, rep):
        source, target = self._pair()

        services.conversation_merge(actor=rep, source=source, target=target)

        assert sorted(target.tags.values_list("name", flat=True)) == ["boots", "vip"]
        assert source.entries.get(event_type=EventType.MERGED).data == {"into": target.pk}
        assert target.entries.get(event_type=EventType.MERGED).data == {"from": source.pk}

    def test_conversations_merged_earlier_follow_their_source_to_the_new_target(self, rep):
        source, target = self._pair()
        earlier = _open(customer=source.customer, body="The very first boots email")
        services.conversation_merge(actor=rep, source=earlier, target=source)

        services.conversation_merge(actor=rep, source=source, target=target)

        earlier.refresh_from_db()
        assert earlier.merged_into_id == target.pk
        bodies = {e.body for e in timeline_for(conversation=target) if e.is_message}
        assert "The very first boots email" in bodies

    @pytest.mark.parametrize("case", ["itself", "other customer", "source merged", "target merged"])
    def test_invalid_merges_name_the_field_and_write_nothing(self, rep, case):
        source, target = self._pair()
        third = _open(customer=source.customer)
        expected = "target"
        if case == "itself":
            target = source
        elif case == "other customer":
            target = _open()
        elif case == "source merged":
            services.conversation_merge(actor=rep, source=source, target=third)
            expected = "source"
        else:
            services.conversation_merge(actor=rep, source=target, target=third)
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.conversation_merge(actor=rep, source=source, target=target)

        assert _fields(exc) == {expected}
        assert row_counts() == before


class TestCalls:
    def test_start_opens_a_call_and_records_it(self, rep):
        conversation = ConversationFactory.create(channel=Channel.PHONE)

        call = services.call_start(actor=rep, conversation=conversation)

        assert call.in_progress
        assert call.agent == rep
        assert conversation.entries.get(event_type=EventType.CALL_STARTED).data == {"call": call.pk}

    def test_only_one_call_at_a_time_per_conversation(self, rep, teammate):
        conversation = ConversationFactory.create(channel=Channel.PHONE)
        services.call_start(actor=rep, conversation=conversation)
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.call_start(actor=teammate, conversation=conversation)

        assert _fields(exc) == {"call"}
        assert row_counts() == before

    def test_database_also_refuses_a_second_open_call(self, rep):
        call = CallFactory.create()

        with pytest.raises(IntegrityError), transaction.atomic():
            Call.objects.create(conversation=call.conversation, agent=rep)

    def test_a_ten_hour_call_is_stored_to_the_second(self, rep):
        started = dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC)
        conversation = ConversationFactory.create(channel=Channel.PHONE)
        with mock.patch.object(timezone, "now", return_value=started):
            call = services.call_start(actor=rep, conversation=conversation)
        with mock.patch.object(timezone, "now", return_value=started + dt.timedelta(hours=10)):
            call = services.call_stop(actor=rep, call=call)

        call.refresh_from_db()
        assert call.duration_seconds == 36_000
        assert call.ended_at == started + dt.timedelta(hours=10)
        ended = conversation.entries.get(event_type=EventType.CALL_ENDED)
        assert ended.body == "Call ended after 10:00:00"
        assert ended.data == {"call": call.pk, "duration_seconds": 36_000}

    def test_stopping_twice_changes_nothing_and_a_new_call_can_start(self, rep):
        call = CallFactory.create(agent=rep)
        stopped = services.call_stop(actor=rep, call=call)
        before = row_counts()

        again = services.call_stop(actor=rep, call=call)

        assert again.ended_at == stopped.ended_at
        assert row_counts() == before
        assert services.call_start(actor=rep, conversation=call.conversation).in_progress

    @pytest.mark.parametrize(("seconds", "text"), [(59, "0:59"), (61, "1:01"), (3600, "1:00:00"), (36_005, "10:00:05")])
    def test_duration_format(self, seconds, text):
        assert services.format_duration(seconds) == text
