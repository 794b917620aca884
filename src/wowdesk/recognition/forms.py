"""Forms for nominations and the wall of fame. Shape and types only; services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.selectors import staff_list, team_list
from wowdesk.core.fields import IntegerField, ModelChoiceField, ModelMultipleChoiceField
from wowdesk.recognition.models import AwardKind
from wowdesk.recognition.selectors import WALL_AWARDS


class NominationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Award"), choices=AwardKind.choices, initial=AwardKind.HERO)
    nominee = ModelChoiceField(label=_("Who"), queryset=staff_list(), empty_label=_("Choose a colleague"))
    conversation = IntegerField(
        label=_("Conversation # (the evidence)"),
        min_value=1,
        required=False,
        help_text=_("Required for a Hero nomination: the conversation this is about."),
    )
    story = forms.CharField(label=_("What did they do?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    sidekicks = ModelMultipleChoiceField(
        label=_("Sidekicks who helped (any department)"),
        queryset=staff_list(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class WallFilterForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    team = ModelChoiceField(label=_("Team"), queryset=team_list(), required=False, empty_label=_("Any team"))
    award = forms.ChoiceField(
        label=_("Award"),
        required=False,
        choices=[
            ("", _("Every award")),
            *zip(
                WALL_AWARDS, [_("Card of the Week"), _("Hero"), _("Sidekick"), _("Manager of the Month")], strict=True
            ),
        ],
    )
