"""Running totals of gestures, kept beside the grants so the gestures page never adds up every grant.

A gesture is written once and never changes what it cost, who gave it or
when, so each total only ever grows: ``gesture_grant`` adds to them in the
grant's own transaction, and ``gesture_rollups_rebuild`` recomputes them
from the grants (after a bulk load, or to check them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wowdesk.gestures.models.catalogue import Kind
from wowdesk.gestures.models.grants import Reason
from wowdesk.gestures.money import DECIMAL_PLACES, MAX_DIGITS

# Sums of many gestures need more digits than one gesture's amount.
TOTAL_DIGITS = MAX_DIGITS + 6


class GestureSpend(models.Model):
    """Count and total cost of the gestures of one month, team, rep, kind, reason and currency.

    ``month`` is the first day of the month in the installation's time zone
    (``TIME_ZONE``), the months the gestures page shows.
    """

    month = models.DateField(_("month"))
    team = models.ForeignKey("accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    currency = models.CharField(max_length=3)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=DECIMAL_PLACES, default=0)

    class Meta:
        constraints = [
            # Coalesce: a gesture by someone outside any team still has exactly one row.
            models.UniqueConstraint(
                "month",
                Coalesce("team", 0),
                "granted_by",
                "kind",
                "reason",
                "currency",
                name="gesture_spend_one_row_per_key",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="gesture_spend_total_not_negative"),
        ]
        indexes = [
            models.Index(fields=["team", "-month"], name="gesture_spend_team_month"),
            models.Index(fields=["granted_by", "-month"], name="gesture_spend_rep_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.reason}: {self.count} × {self.currency}"


class GestureMonthSpend(models.Model):
    """The same totals without team and rep: what the unfiltered page (and kind, reason and month filters) read.

    A few hundred rows for years of gestures, however many people grant them.
    """

    month = models.DateField(_("month"))
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    currency = models.CharField(max_length=3)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=DECIMAL_PLACES, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "kind", "reason", "currency"], name="gesture_month_spend_key"),
            models.CheckConstraint(condition=Q(total__gte=0), name="gesture_month_spend_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.reason}: {self.count} × {self.currency}"


class GestureCustomerTally(models.Model):
    """How many gestures a customer has received, and when the last one was given."""

    customer = models.OneToOneField("customers.Customer", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    last_granted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["-count"], name="gesture_tally_count")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.count}"
