"""Forms for the card pages. They check shape and types only; services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.cards.drawings import max_drawing_bytes
from wowdesk.cards.models import Card
from wowdesk.core.fields import IntegerField

WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class CardForm(forms.Form):
    """The composer. The drawing arrives as a PNG upload: the canvas script fills the file
    input on submit, and without JavaScript a PNG made elsewhere can be chosen."""

    conversation = IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    customer = IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))
    poem = forms.CharField(
        label=_("Poem (instead of a drawing)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    drawing = forms.FileField(
        label=_("Drawing (PNG)"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/png"})
    )
    delivery = forms.ChoiceField(label=_("Send it by"), choices=Card.Delivery.choices, initial=Card.Delivery.MAIL)
    name_shared = forms.BooleanField(
        label=_("The customer agreed their name may be shown to staff for Card of the Week"), required=False
    )

    def clean_drawing(self) -> bytes | None:
        upload = self.cleaned_data.get("drawing")
        if not upload:
            return None
        limit = max_drawing_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The drawing is %(size)s KB; at most %(max)s KB.")
                % {"size": upload.size // 1024, "max": limit // 1024}
            )
        data: bytes = upload.read()
        return data


class CardTimeSettingForm(forms.Form):
    minutes = IntegerField(label=_("Minutes a day"), min_value=5, max_value=120)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"), choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))


class VoteForm(forms.Form):
    card = IntegerField(min_value=1, widget=forms.HiddenInput)


class BatchForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
