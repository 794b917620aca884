"""Writes for phone stints: start one, check in, tick a milestone, extend, graduate.

Every public function is one transaction and either completes or writes
nothing. Errors are ``ValidationError`` keyed by the service's argument
names (``hire``, ``coach``, ``starts_on``, ``note``...); a refusal that is
about the stint as a whole (already graduated, not started yet) has no
field and comes out as ``__all__``. The rules are in
docs/decisions/0012-onboarding-four-weeks-on-the-phones.md.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Department, User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.core.errors import field_error
from wowdesk.onboarding.models import (
    DEFAULT_DAYS,
    MANUAL_MILESTONES,
    MAX_DAYS,
    MAX_EXTENSION_DAYS,
    MAX_NOTE,
    MAX_REASON,
    MIN_DAYS,
    CheckIn,
    Milestone,
    MilestoneTick,
    PhoneStint,
    StintExtension,
)
from wowdesk.onboarding.permissions import can_coach, can_lead, can_start_stints

# A stint can be recorded a little late (the paperwork lags the first day), not invented for the past.
MAX_DAYS_BACK = 28
MAX_DAYS_AHEAD = 366
MAX_TITLE = 100


def _text(value: str, field: str, *, limit: int, required: bool, missing: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise field_error(field, missing or _("This field is required."))
    if len(value) > limit:
        raise field_error(field, _("At most %(max)s characters.") % {"max": f"{limit:,}"})
    return value


def _locked(stint: PhoneStint) -> PhoneStint:
    """The stint's row, locked until the caller's transaction ends, so writes on one stint queue up."""
    return PhoneStint.objects.select_for_update().get(pk=stint.pk)


def _refuse_unless_open(stint: PhoneStint, today: dt.date) -> None:
    if stint.graduated_at is not None:
        raise ValidationError(_("This stint is over: the hire graduated."))
    if today < stint.starts_on:
        raise ValidationError(_("This stint starts on %(day)s; come back then.") % {"day": stint.starts_on.isoformat()})


@transaction.atomic
def stint_start(
    *,
    actor: User,
    hire: User,
    coach: User,
    starts_on: dt.date,
    length_days: int = DEFAULT_DAYS,
    short_reason: str = "",
    home_department: Department | None = None,
    home_title: str = "",
    today: dt.date | None = None,
) -> PhoneStint:
    """Put ``hire`` on the phones from ``starts_on`` with ``coach`` beside them. Leads and admins only.

    The job they go to afterwards defaults to the hire's own department and
    title. The partial unique index on open stints decides between two
    leads starting the same person at once; the loser gets the same error
    as a second click.
    """
    if not can_start_stints(actor):
        raise PermissionDenied(_("Only leads and admins start a stint on the phones."))
    today = today or timezone.localdate()
    if not is_active_staff(hire):
        raise field_error("hire", _("This person's account is not active."))
    if not is_active_staff(coach):
        raise field_error("coach", _("The coach's account is not active."))
    if coach.pk == hire.pk:
        raise field_error("coach", _("Someone else sits with them: choose a coach other than the hire."))
    if starts_on < today - dt.timedelta(days=MAX_DAYS_BACK):
        raise field_error("starts_on", _("A stint can start at most %(days)s days ago.") % {"days": MAX_DAYS_BACK})
    if starts_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise field_error("starts_on", _("Plan at most a year ahead."))
    if not MIN_DAYS <= length_days <= MAX_DAYS:
        raise field_error(
            "length_days",
            _("Between %(min)s and %(max)s days; four weeks is %(default)s.")
            % {"min": MIN_DAYS, "max": MAX_DAYS, "default": DEFAULT_DAYS},
        )
    short_reason = _text(
        short_reason,
        "short_reason",
        limit=MAX_REASON,
        required=length_days < DEFAULT_DAYS,
        missing=_("Shorter than four weeks needs a written reason."),
    )
    home_title = _text(
        home_title or hire.title,
        "home_title",
        limit=MAX_TITLE,
        required=True,
        missing=_("Say which job they go to afterwards."),
    )
    if PhoneStint.objects.filter(hire=hire, graduated_at__isnull=True).exists():
        raise field_error("hire", _("%(name)s already has a stint that has not ended.") % {"name": hire.display_name})
    stint = PhoneStint(
        hire=hire,
        coach=coach,
        home_department=home_department or hire.department,
        home_title=home_title,
        starts_on=starts_on,
        planned_days=length_days,
        length_days=length_days,
        short_reason=short_reason,
        started_by=actor,
    )
    try:
        with transaction.atomic():
            stint.save()
    except IntegrityError as exc:
        raise field_error(
            "hire", _("%(name)s already has a stint that has not ended.") % {"name": hire.display_name}
        ) from exc
    return stint


@transaction.atomic
def stint_check_in(
    *, actor: User, stint: PhoneStint, note: str, week: int | None = None, now: dt.datetime | None = None
) -> CheckIn:
    """Add the coach's note for a week (this week unless told): how it is going, what to try next."""
    if not can_coach(actor, stint):
        raise PermissionDenied(_("The coach, leads and admins write check-ins."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    stint = _locked(stint)
    _refuse_unless_open(stint, today)
    note = _text(note, "note", limit=MAX_NOTE, required=True, missing=_("Write how the week went."))
    current = stint.current_week(today)
    if week is None:
        week = current
    elif not 1 <= week <= current:
        raise field_error("week", _("Choose a week from 1 to %(week)s.") % {"week": current})
    return CheckIn.objects.create(stint=stint, week=week, author=actor, note=note, created_at=now)


@transaction.atomic
def stint_milestone_tick(
    *, actor: User, stint: PhoneStint, milestone: str, note: str, now: dt.datetime | None = None
) -> MilestoneTick:
    """Tick a manual milestone (a shadowed call, the coach's sign-off) with what the coach saw."""
    if not can_coach(actor, stint):
        raise PermissionDenied(_("The coach, leads and admins tick milestones."))
    if milestone not in Milestone.values:
        raise field_error("milestone", _("Choose one of: %(choices)s.") % {"choices": ", ".join(MANUAL_MILESTONES)})
    if milestone not in MANUAL_MILESTONES:
        raise field_error("milestone", _("This one ticks itself when it happens; there is nothing to tick."))
    now = now or timezone.now()
    stint = _locked(stint)
    _refuse_unless_open(stint, timezone.localdate(now))
    note = _text(note, "note", limit=MAX_REASON, required=True, missing=_("Say what you saw."))
    if MilestoneTick.objects.filter(stint=stint, milestone=milestone).exists():
        raise field_error("milestone", _("Already ticked."))
    return MilestoneTick.objects.create(stint=stint, milestone=milestone, ticked_by=actor, note=note, ticked_at=now)


@transaction.atomic
def stint_extend(
    *, actor: User, stint: PhoneStint, days: int, reason: str, now: dt.datetime | None = None
) -> PhoneStint:
    """Give the hire more days on the phones, and say why (the hire reads it too). Leads and admins only."""
    if not can_lead(actor, stint):
        raise PermissionDenied(_("Leads and admins extend a stint."))
    stint = _locked(stint)
    if stint.graduated_at is not None:
        raise ValidationError(_("This stint is over: the hire graduated."))
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise field_error("days", _("Between 1 and %(max)s days at a time.") % {"max": MAX_EXTENSION_DAYS})
    if stint.length_days + days > MAX_DAYS:
        raise field_error(
            "days",
            _("At most %(max)s days in all; %(left)s more are possible.")
            % {"max": MAX_DAYS, "left": MAX_DAYS - stint.length_days},
        )
    reason = _text(reason, "reason", limit=MAX_REASON, required=True, missing=_("Say what the extra time is for."))
    stint.length_days += days
    stint.save(update_fields=["length_days", "updated_at"])
    StintExtension.objects.create(
        stint=stint,
        days=days,
        length_after=stint.length_days,
        reason=reason,
        extended_by=actor,
        created_at=now or timezone.now(),
    )
    return stint


def needs_early_reason(stint: PhoneStint, today: dt.date) -> bool:
    """Graduating now would leave the hire under four weeks on the phones, and short of what was planned.

    A stint planned shorter already carries its written reason; one that
    reaches four weeks needs none, even if it ends before its extension.
    """
    served = stint.days_served(today)
    return served < DEFAULT_DAYS and served < stint.length_days


@transaction.atomic
def stint_graduate(
    *, actor: User, stint: PhoneStint, note: str, early_reason: str = "", now: dt.datetime | None = None
) -> PhoneStint:
    """Record the graduation, after the coach's sign-off. Leads and admins only."""
    if not can_lead(actor, stint):
        raise PermissionDenied(_("Leads and admins graduate a hire."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    stint = _locked(stint)
    _refuse_unless_open(stint, today)
    if not MilestoneTick.objects.filter(stint=stint, milestone=Milestone.COACH_SIGN_OFF).exists():
        raise field_error("milestones", _("The coach signs off first: tick “Coach sign-off” with a note."))
    note = _text(note, "note", limit=MAX_NOTE, required=True, missing=_("Write a few words for the graduation."))
    early_reason = _text(
        early_reason,
        "early_reason",
        limit=MAX_REASON,
        required=needs_early_reason(stint, today),
        missing=_("Graduating before four weeks on the phones needs a written reason."),
    )
    stint.graduated_at = now
    stint.graduated_by = actor
    stint.graduation_note = note
    stint.early_reason = early_reason
    stint.save(update_fields=["graduated_at", "graduated_by", "graduation_note", "early_reason", "updated_at"])
    return stint
