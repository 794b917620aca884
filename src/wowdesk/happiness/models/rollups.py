"""Rollups: letter counts per day and key, maintained in the same transaction as every grade.

The dashboard reads only these, so its cost follows days × teams × reps ×
channels, not the number of grades. Keys are plain integers (0 = none)
rather than foreign keys: a unique key must not contain NULL (NULLs never
conflict), and a rollup is derived data that ``happiness_rebuild_rollups``
can always recompute from the grades.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTS = ("a", "b", "c", "d", "f")


class LetterCounts(models.Model):
    a = models.PositiveIntegerField(db_default=0)
    b = models.PositiveIntegerField(db_default=0)
    c = models.PositiveIntegerField(db_default=0)
    d = models.PositiveIntegerField(db_default=0)
    f = models.PositiveIntegerField(db_default=0)

    class Meta:
        abstract = True


class TeamDay(LetterCounts):
    """Grades per day × team × channel × problem type (each grade counted once), and recoveries closed that day."""

    day = models.DateField(_("day"))
    team_id = models.BigIntegerField(db_default=0)
    channel = models.CharField(max_length=20)
    problem = models.CharField(max_length=20, blank=True)
    recoveries_closed = models.PositiveIntegerField(db_default=0)
    recovery_seconds = models.BigIntegerField(db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "team_id", "channel", "problem"], name="teamday_key"),
        ]
        # Each dashboard read is a grouped scan of one of these; holding the counts too makes it an
        # index-only scan (no table lookup per row), which is most of its cost.
        indexes = [
            models.Index(fields=["day", *COUNTS, "recoveries_closed", "recovery_seconds"], name="teamday_by_day"),
            models.Index(fields=["team_id", "day", *COUNTS], name="teamday_by_team"),
            models.Index(fields=["channel", "problem", "day", *COUNTS], name="teamday_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.day} team {self.team_id} {self.channel} {self.problem}"


class RepDay(LetterCounts):
    """Grades per day × team × rep × channel (each grade counted once, under the rep who owned it)."""

    day = models.DateField(_("day"))
    team_id = models.BigIntegerField(db_default=0)
    rep_id = models.BigIntegerField(db_default=0)
    channel = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "team_id", "rep_id", "channel"], name="repday_key"),
        ]
        indexes = [models.Index(fields=["rep_id", "day", "channel", *COUNTS], name="repday_by_rep")]

    def __str__(self) -> str:
        return f"{self.day} rep {self.rep_id} {self.channel}"
