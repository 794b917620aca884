"""Generating a day's round, and claiming, finishing and giving back its items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from wowdesk.rounds.models import ItemStatus, Round, RoundItem, Source
from wowdesk.rounds.services import (
    round_generate,
    round_generate_morning,
    round_is_due,
    round_item_claim,
    round_item_complete,
    round_item_release,
    round_item_skip,
)
from wowdesk.rounds.tasks import generate_morning_round

pytestmark = pytest.mark.django_db


def _error(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# Generating.


@pytest.fixture
def one_waiting(sources):
    return sources.waiting(days=3)


def test_generating_twice_yields_one_round_with_each_thing_once(sources, rep):
    mention = sources.mention()
    waiting = sources.waiting(days=3)

    first = round_generate(actor=rep)
    second = round_generate(actor=rep)

    assert first.created
    assert not second.created
    assert second.added == 0
    assert Round.objects.count() == 1
    assert sorted(RoundItem.objects.values_list("source", "object_id")) == sorted(
        [(Source.MENTION, mention.pk), (Source.WAITING, waiting.pk)]
    )
    assert first.round.generated_by == rep


def test_looking_again_adds_what_turned_up_and_keeps_what_was_done(one_waiting, sources, rep):
    round_generate()
    item = RoundItem.objects.get()
    round_item_complete(actor=rep, item=item, note="Answered.")
    newcomer = sources.mention()

    again = round_generate(actor=rep)

    assert again.added == 1
    assert again.round.refreshed_at is not None
    assert list(RoundItem.objects.order_by("position").values_list("source", "status")) == [
        (Source.WAITING, ItemStatus.DONE),
        (Source.MENTION, ItemStatus.OPEN),
    ]
    assert RoundItem.objects.get(source=Source.MENTION).object_id == newcomer.pk


def test_the_morning_run_does_nothing_to_a_round_that_exists(one_waiting, sources):
    morning = timezone.now()
    assert round_generate(now=morning, refresh=False).added == 1
    sources.mention()

    again = round_generate(now=morning, refresh=False)

    assert not again.created
    assert again.added == 0
    assert RoundItem.objects.count() == 1


def test_rounds_of_different_days_are_separate_history(one_waiting):
    yesterday = timezone.now() - dt.timedelta(days=1)
    round_generate(now=yesterday)
    round_generate()

    assert list(Round.objects.order_by("day").values_list("day", flat=True)) == [
        timezone.localdate(yesterday),
        timezone.localdate(),
    ]
    assert RoundItem.objects.count() == 2


@pytest.mark.parametrize(
    ("hour", "weekday", "due"),
    [(6, 1, False), (7, 1, True), (15, 3, True), (9, 6, False), (9, 7, False)],
)
def test_the_round_is_due_from_the_hour_on_working_days(settings, hour, weekday, due):
    settings.WOWDESK_ROUNDS_HOUR = 7
    settings.WOWDESK_ROUNDS_DAYS = ["1", "2", "3", "4", "5"]
    monday = dt.date(2026, 3, 2)
    day = monday + dt.timedelta(days=weekday - 1)
    moment = dt.datetime.combine(day, dt.time(hour, 30), tzinfo=timezone.get_current_timezone())

    assert round_is_due(moment) is due


def test_the_scheduled_task_makes_the_round_once_it_is_due(settings, one_waiting):
    settings.WOWDESK_ROUNDS_HOUR = 25  # never due today
    assert generate_morning_round.enqueue().return_value == "not due yet"
    assert not Round.objects.exists()

    settings.WOWDESK_ROUNDS_HOUR = 0
    first = generate_morning_round.enqueue().return_value
    second = generate_morning_round.enqueue().return_value

    assert first.startswith("generated ")
    assert first.endswith("with 1 items")
    assert second.endswith("already generated")
    assert Round.objects.count() == 1
    assert Round.objects.get().generated_by is None


def test_the_morning_service_is_none_before_the_hour(settings, one_waiting):
    settings.WOWDESK_ROUNDS_HOUR = 25
    assert round_generate_morning() is None


def test_the_schedule_is_registered():
    from wowdesk.scheduling.registry import get

    schedule = get("rounds.morning")
    assert schedule is not None
    assert schedule.task is generate_morning_round


# Claiming and finishing.


def test_anyone_who_sees_it_claims_it_without_approval(item, rep):
    claimed = round_item_claim(actor=rep, item=item())

    assert claimed.status == ItemStatus.CLAIMED
    assert claimed.claimed_by == rep
    assert claimed.claimed_at is not None


def test_a_second_claim_is_refused_naming_who_has_it(item, rep, teammate):
    thing = item()
    round_item_claim(actor=rep, item=thing)

    with pytest.raises(ValidationError) as exc:
        round_item_claim(actor=teammate, item=thing)

    assert _error(exc) == {"item": ["Rita Reyes has already claimed this."]}
    assert RoundItem.objects.get().claimed_by == rep


def test_claiming_your_own_item_again_changes_nothing(item, rep):
    thing = item()
    first = round_item_claim(actor=rep, item=thing)
    again = round_item_claim(actor=rep, item=thing)

    assert again.claimed_at == first.claimed_at


def test_done_needs_a_note_and_records_who_and_when(item, rep):
    thing = item()

    with pytest.raises(ValidationError) as exc:
        round_item_complete(actor=rep, item=thing, note="   ")
    assert set(_error(exc)) == {"note"}
    assert RoundItem.objects.get().status == ItemStatus.OPEN

    done = round_item_complete(actor=rep, item=thing, note="  Called her; the parcel is on its way.\x00 ")

    assert done.status == ItemStatus.DONE
    assert done.note == "Called her; the parcel is on its way."
    assert done.finished_by == rep
    assert done.claimed_by == rep  # an open item is taken on the way
    assert done.finished_at is not None


def test_a_note_longer_than_the_limit_is_refused(item, rep):
    with pytest.raises(ValidationError) as exc:
        round_item_complete(actor=rep, item=item(), note="x" * 2001)
    assert set(_error(exc)) == {"note"}


def test_skip_needs_a_reason(item, rep):
    thing = item()
    with pytest.raises(ValidationError) as exc:
        round_item_skip(actor=rep, item=thing, reason="")
    assert set(_error(exc)) == {"reason"}

    skipped = round_item_skip(actor=rep, item=thing, reason="Sorted yesterday on the phone.")

    assert skipped.status == ItemStatus.SKIPPED
    assert skipped.note == "Sorted yesterday on the phone."


def test_someone_elses_claim_cannot_be_finished(item, rep, teammate):
    thing = item()
    round_item_claim(actor=rep, item=thing)

    with pytest.raises(ValidationError) as exc:
        round_item_complete(actor=teammate, item=thing, note="Did it.")

    assert "Rita Reyes has claimed this" in _error(exc)["item"][0]
    assert RoundItem.objects.get().status == ItemStatus.CLAIMED


def test_a_finished_item_stays_finished(item, rep, teammate):
    thing = item()
    round_item_complete(actor=rep, item=thing, note="Done and dusted.")

    for action in (
        lambda: round_item_complete(actor=rep, item=thing, note="Again."),
        lambda: round_item_skip(actor=teammate, item=thing, reason="No."),
        lambda: round_item_claim(actor=teammate, item=thing),
        lambda: round_item_release(actor=rep, item=thing),
    ):
        with pytest.raises(ValidationError) as exc:
            action()
        assert set(_error(exc)) == {"item"}
    stored = RoundItem.objects.get()
    assert (stored.status, stored.note, stored.finished_by) == (ItemStatus.DONE, "Done and dusted.", rep)


def test_the_claimer_gives_an_item_back_and_someone_else_takes_it(item, rep, teammate):
    thing = item()
    round_item_claim(actor=rep, item=thing)

    released = round_item_release(actor=rep, item=thing)
    taken = round_item_claim(actor=teammate, item=thing)

    assert released.status == ItemStatus.OPEN
    assert released.claimed_by is None
    assert taken.claimed_by == teammate


def test_only_the_claimer_or_a_lead_gives_a_claim_back(item, rep, teammate, lead):
    thing = item()
    round_item_claim(actor=rep, item=thing)

    with pytest.raises(PermissionDenied):
        round_item_release(actor=teammate, item=thing)
    assert RoundItem.objects.get().claimed_by == rep

    assert round_item_release(actor=lead, item=thing).status == ItemStatus.OPEN


def test_an_open_item_cannot_be_given_back(item, rep):
    with pytest.raises(ValidationError) as exc:
        round_item_release(actor=rep, item=item())
    assert set(_error(exc)) == {"item"}


def test_past_days_items_can_still_be_worked(item, rep):
    old = item(day=timezone.localdate() - dt.timedelta(days=4))

    done = round_item_complete(actor=rep, item=old, note="Caught up on it this morning.")

    assert done.status == ItemStatus.DONE
    assert done.round.day < timezone.localdate()


def test_a_deactivated_claimer_does_not_block_a_lead(item, lead):
    gone = UserFactory.create(is_active=False)
    thing = item()
    RoundItem.objects.filter(pk=thing.pk).update(status=ItemStatus.CLAIMED, claimed_by=gone, claimed_at=timezone.now())
    thing.refresh_from_db()

    assert round_item_release(actor=lead, item=thing).status == ItemStatus.OPEN
