"""Moment-aware suggestions: rules in data, edited by admins, never hard-coded."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models.catalogue import CatalogueItem
from wowdesk.gestures.models.grants import Reason


class SuggestionRule(models.Model):
    """ "When a customer has had a <moment> in the last N days, suggest <item>."

    The window runs from ``days_before`` days before the moment's date (an
    upcoming move or birthday) to ``days_after`` days after it (a loss, a
    new baby). ``yearly`` moments (birthdays) are matched on their next or
    latest anniversary instead of the recorded date.
    """

    moment_kind = models.CharField(_("life moment"), max_length=20, choices=LifeMoment.Kind.choices)
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="suggestion_rules")
    hint = models.CharField(_("hint for the rep"), max_length=200)
    why = models.CharField(_("suggested why"), max_length=500, help_text=_("Prefilled; the rep can change it."))
    message = models.CharField(_("suggested card text"), max_length=1000, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.LIFE_MOMENT)
    days_before = models.PositiveIntegerField(_("from days before"), default=0)
    days_after = models.PositiveIntegerField(_("until days after"), default=30)
    yearly = models.BooleanField(_("yearly (birthdays)"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=100)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_moment_kind_display()} → {self.item}"
