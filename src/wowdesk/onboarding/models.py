"""Everyone on the phones: each new hire's stint in customer service before their own job.

A stint's state (scheduled, on the phones, extended, ready to graduate,
graduated) is derived from its dates and its graduation, never stored, so
it cannot go stale overnight. See
docs/decisions/0012-onboarding-four-weeks-on-the-phones.md for the rules
on length, extension and graduation.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wowdesk.core.models import AppendOnlyModel, TimeStampedModel

# Four weeks on the phones, whatever the job afterwards.
DEFAULT_DAYS = 28
# Even with a written reason a stint lasts a week: anything shorter would be an exemption by another name.
MIN_DAYS = 7
# Twelve weeks at most, extensions included: past that it is a conversation about the job, not onboarding.
MAX_DAYS = 84
MAX_EXTENSION_DAYS = 28
MAX_REASON = 1000
MAX_NOTE = 4000


class StintStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ON_THE_PHONES = "on_the_phones", _("On the phones")
    EXTENDED = "extended", _("On the phones (extended)")
    # The planned days are over and nobody has graduated them or extended the stint yet.
    DUE = "due", _("Ready to graduate")
    COMPLETED = "completed", _("Graduated")


OPEN_STATUSES = frozenset({StintStatus.ON_THE_PHONES, StintStatus.EXTENDED, StintStatus.DUE})


class Milestone(models.TextChoices):
    """The checklist every stint has, in the order a hire usually meets it."""

    SHADOWED_CALL = "shadowed_call", _("First shadowed call")
    SOLO_CALL = "solo_call", _("First call on their own")
    WOW_GESTURE = "wow_gesture", _("First Wow gesture")
    CARD_WRITTEN = "card_written", _("First card written")
    READING_DONE = "reading_done", _("New hires' reading list read")
    COACH_SIGN_OFF = "coach_sign_off", _("Coach sign-off")


# These tick themselves from what the hire did (calls, gestures, cards, legends read).
AUTOMATIC_MILESTONES = (Milestone.SOLO_CALL, Milestone.WOW_GESTURE, Milestone.CARD_WRITTEN, Milestone.READING_DONE)
# Nothing in the data shows these; the coach (or a lead) ticks them with a note.
MANUAL_MILESTONES = (Milestone.SHADOWED_CALL, Milestone.COACH_SIGN_OFF)


class PhoneStint(TimeStampedModel):
    """One person's weeks on the phones. Everyone has one, executives included: there is no exemption."""

    hire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="phone_stints")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coached_stints",
        help_text=_("The rep or lead who sits with them."),
    )
    # Where they go afterwards, copied at the start: a later move does not rewrite the stint.
    home_department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    home_title = models.CharField(_("job afterwards"), max_length=100)
    starts_on = models.DateField(_("first day on the phones"))
    planned_days = models.PositiveSmallIntegerField(_("planned days"), default=DEFAULT_DAYS)
    length_days = models.PositiveSmallIntegerField(
        _("days on the phones"), default=DEFAULT_DAYS, help_text=_("The plan plus every extension.")
    )
    short_reason = models.TextField(_("why shorter than four weeks"), max_length=MAX_REASON, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    graduated_at = models.DateTimeField(null=True, blank=True)
    graduated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    graduation_note = models.TextField(_("graduation note"), max_length=MAX_NOTE, blank=True)
    early_reason = models.TextField(_("why graduating before four weeks"), max_length=MAX_REASON, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["starts_on", "id"], name="stint_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["hire"], condition=Q(graduated_at__isnull=True), name="one_open_stint_per_hire"
            ),
            models.CheckConstraint(
                condition=Q(length_days__gte=MIN_DAYS, length_days__lte=MAX_DAYS), name="stint_length_range"
            ),
            models.CheckConstraint(
                condition=Q(planned_days__gte=MIN_DAYS, planned_days__lte=F("length_days")),
                name="stint_planned_within_length",
            ),
            models.CheckConstraint(
                condition=Q(planned_days__gte=DEFAULT_DAYS) | ~Q(short_reason=""), name="stint_short_has_reason"
            ),
            models.CheckConstraint(condition=~Q(hire=F("coach")), name="stint_coach_is_not_the_hire"),
            models.CheckConstraint(
                condition=Q(graduated_at__isnull=True) | (Q(graduated_by__isnull=False) & ~Q(graduation_note="")),
                name="stint_graduation_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hire.display_name} on the phones from {self.starts_on:%Y-%m-%d}"

    @property
    def ends_on(self) -> dt.date:
        """The first day back in their own job, as planned now (extensions included)."""
        return self.starts_on + dt.timedelta(days=self.length_days)

    @property
    def last_day(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=1)

    @property
    def planned_weeks(self) -> int:
        return -(-self.length_days // 7)

    @property
    def is_extended(self) -> bool:
        return self.length_days > self.planned_days

    @property
    def is_graduated(self) -> bool:
        return self.graduated_at is not None

    def status(self, today: dt.date | None = None) -> StintStatus:
        today = today or timezone.localdate()
        if self.graduated_at is not None:
            return StintStatus.COMPLETED
        if today < self.starts_on:
            return StintStatus.SCHEDULED
        if today >= self.ends_on:
            return StintStatus.DUE
        return StintStatus.EXTENDED if self.is_extended else StintStatus.ON_THE_PHONES

    def week_on(self, day: dt.date) -> int:
        """Which week of the stint ``day`` falls in (1 for the first seven days); 0 before it starts."""
        if day < self.starts_on:
            return 0
        return (day - self.starts_on).days // 7 + 1

    def current_week(self, today: dt.date | None = None) -> int:
        """The week they are in now, or were in when they graduated."""
        if self.graduated_at is not None:
            return self.week_on(timezone.localdate(self.graduated_at))
        return self.week_on(today or timezone.localdate())

    def days_served(self, today: dt.date | None = None) -> int:
        """Days on the phones so far, counting today."""
        today = today or timezone.localdate()
        return max(0, (today - self.starts_on).days + 1)


class CheckIn(AppendOnlyModel):
    """A coach's weekly note on how it is going. A record: never edited, never deleted."""

    stint = models.ForeignKey(PhoneStint, on_delete=models.CASCADE, related_name="check_ins", db_index=False)
    week = models.PositiveSmallIntegerField(_("week"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), max_length=MAX_NOTE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("check-in")
        indexes = [models.Index(fields=["stint", "created_at", "id"], name="checkin_stint")]
        constraints = [
            models.CheckConstraint(condition=Q(week__gte=1), name="checkin_week_positive"),
            models.CheckConstraint(condition=~Q(note=""), name="checkin_note_required"),
        ]

    def __str__(self) -> str:
        return f"Check-in on stint {self.stint_id}, week {self.week}"


class MilestoneTick(models.Model):
    """A manual milestone ticked by the coach or a lead, with what they saw.

    Automatic milestones are never stored: they are read from the data each
    time, so they cannot disagree with it.
    """

    stint = models.ForeignKey(PhoneStint, on_delete=models.CASCADE, related_name="ticks")
    milestone = models.CharField(_("milestone"), max_length=30, choices=Milestone.choices)
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), max_length=MAX_REASON)
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ticked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stint", "milestone"], name="milestone_ticked_once"),
            models.CheckConstraint(
                condition=Q(milestone__in=[m.value for m in MANUAL_MILESTONES]), name="milestone_tick_is_manual"
            ),
            models.CheckConstraint(condition=~Q(note=""), name="milestone_tick_has_note"),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} on stint {self.stint_id}"


class StintExtension(AppendOnlyModel):
    """More days on the phones, and why. The stint's ``length_days`` is the sum; this is the record."""

    stint = models.ForeignKey(PhoneStint, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("extra days"))
    length_after = models.PositiveSmallIntegerField()
    reason = models.TextField(_("why"), max_length=MAX_REASON)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=MAX_EXTENSION_DAYS), name="stint_extension_days_range"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="stint_extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.days} more days on stint {self.stint_id}"
