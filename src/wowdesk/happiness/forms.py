"""Forms of the happiness pages. They check shape only; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import Department
from wowdesk.core.fields import IntegerField, ModelChoiceField, ModelMultipleChoiceField
from wowdesk.gestures.models import Gesture
from wowdesk.happiness.models import MAX_COMMENT, Letter
from wowdesk.happiness.services.polls import MAX_QUESTION
from wowdesk.happiness.services.recovery import MAX_WHAT_WAS_DONE


class GradeForm(forms.Form):
    """The customer's survey form. ``revision`` is what the page saw, so a replayed form is refused."""

    grade = forms.ChoiceField(label=_("Your grade"), choices=Letter.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        max_length=MAX_COMMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = IntegerField(min_value=0, widget=forms.HiddenInput)


class GestureChoiceField(ModelChoiceField[Gesture]):
    def label_from_instance(self, obj: Gesture) -> str:
        return f"{obj.item_name} ({obj.granted_at:%Y-%m-%d})"


class RecoveryCloseForm(forms.Form):
    what_was_done = forms.CharField(
        label=_("What was done"),
        max_length=MAX_WHAT_WAS_DONE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: called back, apologised, sent a replacement."),
    )
    gesture = GestureChoiceField(
        label=_("Wow gesture (optional)"), queryset=Gesture.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, gestures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if gestures is not None:
            field = self.fields["gesture"]
            assert isinstance(field, GestureChoiceField)
            field.queryset = gestures


class PollForm(forms.Form):
    question = forms.CharField(
        label=_("Question"),
        max_length=MAX_QUESTION,
        initial=_("How would you grade our service this month?"),
    )
    departments = ModelMultipleChoiceField(
        label=_("Ask only these departments (none: all staff)"),
        queryset=Department.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class PollAnswerForm(forms.Form):
    grade = forms.ChoiceField(label=_("Your grade"), choices=Letter.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment (optional, anonymous)"),
        max_length=MAX_COMMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
