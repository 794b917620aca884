"""The one form of the rounds pages. It checks shape only; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.rounds.models import MAX_NOTE


class ItemNoteForm(forms.Form):
    """What was done (Done), or why it needs nothing (Skip); both buttons post the same box."""

    note = forms.CharField(
        label=_("What you did, or why it needs nothing"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
