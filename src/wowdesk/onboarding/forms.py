"""Forms for the onboarding pages. They check shape and types; the services decide the rules.

Field names are the services' argument names, so a service's error lands
on the field it is about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import User
from wowdesk.accounts.selectors import department_list, staff_list
from wowdesk.core.fields import IntegerField, ModelChoiceField
from wowdesk.onboarding.models import (
    DEFAULT_DAYS,
    MANUAL_MILESTONES,
    MAX_DAYS,
    MAX_EXTENSION_DAYS,
    MAX_NOTE,
    MAX_REASON,
    MIN_DAYS,
)
from wowdesk.onboarding.selectors import SHOW_CHOICES, SHOW_CURRENT


def _text(label: Any, *, max_length: int, required: bool = True, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StaffChoiceField(ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        title = f" ({obj.title})" if obj.title else ""
        return f"{obj.display_name}{title}"


class StartForm(forms.Form):
    hire = StaffChoiceField(label=_("Who starts on the phones"), queryset=staff_list())
    coach = StaffChoiceField(
        label=_("Coach"), queryset=staff_list(), help_text=_("The rep or lead who sits with them.")
    )
    starts_on = forms.DateField(label=_("First day on the phones"), widget=forms.DateInput(attrs={"type": "date"}))
    length_days = IntegerField(
        label=_("Days on the phones"), initial=DEFAULT_DAYS, min_value=MIN_DAYS, max_value=MAX_DAYS
    )
    short_reason = _text(
        _("Why shorter than four weeks"),
        max_length=MAX_REASON,
        required=False,
        help_text=_("Only needed for fewer than 28 days. Everyone goes through it; this says why theirs is shorter."),
    )
    home_department = ModelChoiceField(
        label=_("Their department afterwards"),
        queryset=department_list(),
        required=False,
        help_text=_("Leave empty to use the department they are in."),
    )
    home_title = forms.CharField(
        label=_("Their job afterwards"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to use their job title."),
    )


class CheckInForm(forms.Form):
    note = _text(_("How is it going?"), max_length=MAX_NOTE, rows=4)
    week = IntegerField(label=_("Week"), min_value=1, max_value=MAX_DAYS, required=False)


class TickForm(forms.Form):
    milestone = forms.ChoiceField(choices=[(m.value, m.label) for m in MANUAL_MILESTONES], widget=forms.HiddenInput)
    note = _text(_("What you saw"), max_length=MAX_REASON, rows=2)


class ExtendForm(forms.Form):
    days = IntegerField(label=_("Extra days"), min_value=1, max_value=MAX_EXTENSION_DAYS, initial=7)
    reason = _text(_("What the extra time is for"), max_length=MAX_REASON, rows=2)


class GraduateForm(forms.Form):
    note = _text(_("Graduation note"), max_length=MAX_NOTE, rows=3)
    early_reason = _text(
        _("Why before four weeks"),
        max_length=MAX_REASON,
        required=False,
        help_text=_("Only needed when they graduate with fewer than 28 days on the phones."),
    )


class ShowForm(forms.Form):
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False, initial=SHOW_CURRENT)
