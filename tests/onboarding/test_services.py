"""Writes for phone stints: start, check in, tick, extend, graduate, and the four-week rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.core.snapshot import row_counts
from tests.factories import UserFactory
from tests.onboarding.conftest import at, days_ago, sign_off
from wowdesk.accounts.models import User
from wowdesk.core.errors import error_list
from wowdesk.onboarding.models import (
    CheckIn,
    Milestone,
    MilestoneTick,
    PhoneStint,
    StintExtension,
    StintStatus,
)
from wowdesk.onboarding.services import (
    needs_early_reason,
    stint_check_in,
    stint_extend,
    stint_graduate,
    stint_milestone_tick,
    stint_start,
)

pytestmark = pytest.mark.django_db


def fields_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    """The fields a service error names; ``__all__`` for a refusal about the stint as a whole."""
    return {error["field"] for error in error_list(exc.value)}


# Starting ------------------------------------------------------------------------


def test_a_stint_is_four_weeks_and_goes_back_to_the_hires_own_job(lead, coach, hire, finance):
    stint = stint_start(actor=lead, hire=hire, coach=coach, starts_on=days_ago(0))

    assert (stint.length_days, stint.planned_days) == (28, 28)
    assert stint.ends_on == days_ago(0) + dt.timedelta(days=28)
    assert stint.planned_weeks == 4
    assert (stint.home_department, stint.home_title) == (finance, "Analyst")
    assert stint.started_by == lead


def test_executives_go_on_the_phones_too_and_cannot_sign_themselves_off(lead, coach):
    chief = UserFactory.create(role=User.Role.ADMIN, title="Chief executive", team=None, is_superuser=True)
    stint = stint_start(actor=lead, hire=chief, coach=coach, starts_on=days_ago(3))

    assert stint.status() == StintStatus.ON_THE_PHONES
    with pytest.raises(PermissionDenied):
        stint_check_in(actor=chief, stint=stint, note="Going great, says me.")
    with pytest.raises(PermissionDenied):
        stint_milestone_tick(actor=chief, stint=stint, milestone=Milestone.COACH_SIGN_OFF, note="Me.")
    with pytest.raises(PermissionDenied):
        stint_extend(actor=chief, stint=stint, days=7, reason="More fun.")
    with pytest.raises(PermissionDenied):
        stint_graduate(actor=chief, stint=stint, note="Done.", early_reason="Busy.")


def test_only_leads_and_admins_start_a_stint(rep, teammate, hire):
    before = row_counts()
    with pytest.raises(PermissionDenied):
        stint_start(actor=rep, hire=hire, coach=teammate, starts_on=days_ago(0))
    assert row_counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"length_days": 6, "short_reason": "Short."}, "length_days"),
        ({"length_days": 85}, "length_days"),
        ({"length_days": 21}, "short_reason"),
        ({"length_days": 21, "short_reason": "   "}, "short_reason"),
        ({"starts_on_days_ago": 29}, "starts_on"),
        ({"starts_on_days_ago": -400}, "starts_on"),
        ({"home_title": "x" * 101}, "home_title"),
        ({"short_reason": "x" * 1001}, "short_reason"),
    ],
)
def test_bad_starts_are_refused_by_field_and_write_nothing(lead, coach, hire, changes, field):
    before = row_counts()
    starts_on = days_ago(changes.pop("starts_on_days_ago", 0))
    with pytest.raises(ValidationError) as exc:
        stint_start(actor=lead, hire=hire, coach=coach, starts_on=starts_on, **changes)
    assert fields_of(exc) == {field}
    assert row_counts() == before


def test_shorter_than_four_weeks_needs_a_written_reason(lead, coach, hire):
    stint = stint_start(
        actor=lead,
        hire=hire,
        coach=coach,
        starts_on=days_ago(0),
        length_days=21,
        short_reason="Spent six weeks on our phones as a summer temp last year.",
    )
    assert stint.length_days == 21
    assert stint.planned_weeks == 3


def test_the_coach_is_someone_else_and_active(lead, hire):
    with pytest.raises(ValidationError) as same:
        stint_start(actor=lead, hire=hire, coach=hire, starts_on=days_ago(0))
    gone = UserFactory.create(is_active=False)
    with pytest.raises(ValidationError) as inactive:
        stint_start(actor=lead, hire=hire, coach=gone, starts_on=days_ago(0))
    assert fields_of(same) == fields_of(inactive) == {"coach"}


def test_a_hire_without_a_title_must_be_told_where_they_go(lead, coach):
    untitled = UserFactory.create(title="")
    with pytest.raises(ValidationError) as exc:
        stint_start(actor=lead, hire=untitled, coach=coach, starts_on=days_ago(0))
    assert fields_of(exc) == {"home_title"}
    stint = stint_start(actor=lead, hire=untitled, coach=coach, starts_on=days_ago(0), home_title="Buyer")
    assert stint.home_title == "Buyer"


def test_one_open_stint_per_hire(lead, coach, hire, stint):
    with pytest.raises(ValidationError) as exc:
        stint_start(actor=lead, hire=hire, coach=coach, starts_on=days_ago(0))
    assert fields_of(exc) == {"hire"}
    with pytest.raises(IntegrityError), transaction.atomic():
        PhoneStint.objects.create(hire=hire, coach=coach, home_title="x", starts_on=days_ago(0), started_by=lead)


def test_a_graduated_hire_can_start_again(lead, coach, hire, start):
    first = start(hire, days_ago=40)
    sign_off(first, coach, now=at(days_ago(12)))
    stint_graduate(actor=lead, stint=first, note="Well done.", now=at(days_ago(11)))

    second = stint_start(actor=lead, hire=hire, coach=coach, starts_on=days_ago(0))
    assert second.pk != first.pk


# Status --------------------------------------------------------------------------


def test_status_follows_the_calendar_and_the_graduation(lead, coach, hire):
    today = dt.date(2026, 3, 2)
    stint = stint_start(actor=lead, hire=hire, coach=coach, starts_on=dt.date(2026, 3, 9), today=today)

    assert stint.status(today) == StintStatus.SCHEDULED
    assert stint.current_week(today) == 0
    assert stint.status(dt.date(2026, 3, 9)) == StintStatus.ON_THE_PHONES
    assert stint.current_week(dt.date(2026, 3, 15)) == 1
    assert stint.current_week(dt.date(2026, 3, 16)) == 2
    assert stint.status(dt.date(2026, 4, 5)) == StintStatus.ON_THE_PHONES  # day 28
    assert stint.status(dt.date(2026, 4, 6)) == StintStatus.DUE
    stint.length_days += 7
    assert stint.status(dt.date(2026, 4, 6)) == StintStatus.EXTENDED
    stint.graduated_at = timezone.now()
    assert stint.status(dt.date(2026, 4, 6)) == StintStatus.COMPLETED


# Check-ins -----------------------------------------------------------------------


def test_the_coach_checks_in_for_this_week(stint, coach):
    check_in = stint_check_in(actor=coach, stint=stint, note="  Listens more than he talks. Good.  ")

    assert (check_in.week, check_in.note, check_in.author) == (2, "Listens more than he talks. Good.", coach)


def test_a_lead_checks_in_for_an_earlier_week(stint, lead):
    assert stint_check_in(actor=lead, stint=stint, note="Catching up on week one.", week=1).week == 1


@pytest.mark.parametrize(("note", "week", "field"), [("", None, "note"), ("ok", 3, "week"), ("ok", 0, "week")])
def test_bad_check_ins_are_refused_by_field(stint, coach, note, week, field):
    with pytest.raises(ValidationError) as exc:
        stint_check_in(actor=coach, stint=stint, note=note, week=week)
    assert fields_of(exc) == {field}
    assert not CheckIn.objects.exists()


def test_the_hire_and_other_reps_cannot_check_in(stint, hire, outsider):
    for person in (hire, outsider):
        with pytest.raises(PermissionDenied):
            stint_check_in(actor=person, stint=stint, note="Hello")
    assert not CheckIn.objects.exists()


def test_no_check_in_before_the_start_or_after_graduation(start, hire, coach, lead):
    upcoming = start(hire, days_ago=-3)
    with pytest.raises(ValidationError) as early:
        stint_check_in(actor=coach, stint=upcoming, note="Too soon")
    assert fields_of(early) == {"__all__"}
    upcoming.delete()

    done = start(hire, days_ago=30)
    sign_off(done, coach)
    stint_graduate(actor=lead, stint=done, note="Graduated.")
    with pytest.raises(ValidationError) as late:
        stint_check_in(actor=coach, stint=done, note="Too late")
    assert fields_of(late) == {"__all__"}


# Milestones ----------------------------------------------------------------------


def test_the_coach_ticks_a_manual_milestone_once(stint, coach, lead):
    tick = stint_milestone_tick(
        actor=coach, stint=stint, milestone=Milestone.SHADOWED_CALL, note="Sat in on three returns calls."
    )
    assert (tick.milestone, tick.ticked_by) == ("shadowed_call", coach)
    with pytest.raises(ValidationError) as again:
        stint_milestone_tick(actor=lead, stint=stint, milestone=Milestone.SHADOWED_CALL, note="Me too.")
    assert fields_of(again) == {"milestone"}
    assert MilestoneTick.objects.count() == 1


@pytest.mark.parametrize(
    ("milestone", "note", "field"),
    [(Milestone.SOLO_CALL, "Did one", "milestone"), ("dance", "Did one", "milestone"), ("shadowed_call", "", "note")],
)
def test_automatic_or_unknown_milestones_cannot_be_ticked(stint, coach, milestone, note, field):
    with pytest.raises(ValidationError) as exc:
        stint_milestone_tick(actor=coach, stint=stint, milestone=milestone, note=note)
    assert fields_of(exc) == {field}
    assert not MilestoneTick.objects.exists()


# Extending -----------------------------------------------------------------------


def test_a_lead_extends_with_a_reason_and_it_is_recorded(stint, lead):
    extended = stint_extend(actor=lead, stint=stint, days=7, reason="One more week of billing questions.")

    assert (extended.length_days, extended.planned_days) == (35, 28)
    assert extended.status() == StintStatus.EXTENDED
    record = StintExtension.objects.get()
    assert (record.days, record.length_after, record.extended_by) == (7, 35, lead)


@pytest.mark.parametrize(("days", "reason", "field"), [(0, "why", "days"), (29, "why", "days"), (7, " ", "reason")])
def test_bad_extensions_are_refused_by_field(stint, lead, days, reason, field):
    with pytest.raises(ValidationError) as exc:
        stint_extend(actor=lead, stint=stint, days=days, reason=reason)
    assert fields_of(exc) == {field}
    stint.refresh_from_db()
    assert stint.length_days == 28
    assert not StintExtension.objects.exists()


def test_twelve_weeks_is_the_most(stint, lead):
    for _ in range(2):
        stint_extend(actor=lead, stint=stint, days=28, reason="More time.")
    with pytest.raises(ValidationError) as exc:
        stint_extend(actor=lead, stint=stint, days=1, reason="Even more.")
    assert fields_of(exc) == {"days"}
    stint.refresh_from_db()
    assert stint.length_days == 84


def test_the_coach_cannot_extend(stint, coach):
    with pytest.raises(PermissionDenied):
        stint_extend(actor=coach, stint=stint, days=7, reason="More.")


# Graduating ----------------------------------------------------------------------


def test_graduation_needs_the_coachs_sign_off_first(start, hire, coach, lead):
    stint = start(hire, days_ago=28)
    with pytest.raises(ValidationError) as exc:
        stint_graduate(actor=lead, stint=stint, note="Well done!")
    assert fields_of(exc) == {"milestones"}

    sign_off(stint, coach)
    graduated = stint_graduate(actor=lead, stint=stint, note="Well done!")
    assert graduated.status() == StintStatus.COMPLETED
    assert (graduated.graduated_by, graduated.graduation_note, graduated.early_reason) == (lead, "Well done!", "")
    with pytest.raises(ValidationError) as twice:
        stint_graduate(actor=lead, stint=graduated, note="Again!")
    assert fields_of(twice) == {"__all__"}


def test_graduating_before_four_weeks_needs_a_written_reason(stint, coach, lead):
    sign_off(stint, coach)
    assert needs_early_reason(stint, timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        stint_graduate(actor=lead, stint=stint, note="Off you go.")
    assert fields_of(exc) == {"early_reason"}
    stint.refresh_from_db()
    assert stint.graduated_at is None

    done = stint_graduate(
        actor=lead, stint=stint, note="Off you go.", early_reason="The audit starts Monday; the last week comes after."
    )
    assert done.early_reason.startswith("The audit")


def test_four_weeks_served_needs_no_reason_even_inside_an_extension(start, hire, coach, lead):
    stint = start(hire, days_ago=27)  # today is day 28
    stint_extend(actor=lead, stint=stint, days=14, reason="Two more weeks.")
    stint.refresh_from_db()
    assert not needs_early_reason(stint, timezone.localdate())
    sign_off(stint, coach)
    assert stint_graduate(actor=lead, stint=stint, note="Ready sooner than we thought.").is_graduated


def test_nobody_graduates_before_the_first_day(start, hire, coach, lead):
    stint = start(hire, days_ago=-2)
    with pytest.raises(ValidationError) as exc:
        stint_graduate(actor=lead, stint=stint, note="Skip it.", early_reason="Busy.")
    assert fields_of(exc) == {"__all__"}
