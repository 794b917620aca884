"""Forms for the legends pages. They check shape and types only; services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.selectors import team_list
from wowdesk.conversations.models import Channel
from wowdesk.core.fields import IntegerField, ModelChoiceField, ModelMultipleChoiceField
from wowdesk.legends.models import CandidateState, Reaction, State
from wowdesk.legends.rules import RULE_LABELS
from wowdesk.legends.selectors import published_legend_choices, value_list
from wowdesk.legends.selectors.legends import MAX_QUERY
from wowdesk.legends.services.legends import MAX_COMMENT, MAX_LESSON, MAX_STORY, MAX_TITLE


def _text(label: Any, *, rows: int = 4, max_length: int, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class LegendForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    story = _text(
        _("The story"),
        rows=12,
        max_length=MAX_STORY,
        help_text=_(
            "What happened, in your own words. Plain text with blank lines between paragraphs, or simple HTML "
            "(paragraphs, bold, italics, lists, quotes, links)."
        ),
    )
    lesson = _text(
        _("Why it matters"),
        max_length=MAX_LESSON,
        required=False,
        help_text=_("The value it shows and what a colleague should take from it: the care behind it, not the stunt."),
    )
    values = ModelMultipleChoiceField(
        label=_("Values it shows"), queryset=value_list(), required=False, widget=forms.CheckboxSelectMultiple
    )
    clip_link = forms.URLField(
        label=_("Link to a clip elsewhere (optional)"), max_length=500, required=False, assume_scheme="https"
    )
    version = IntegerField(widget=forms.HiddenInput, required=False)


class CaptureForm(LegendForm):
    """The sources travel as hidden fields; the view resolves each through its permission-checked getter."""

    conversation = IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    gesture = IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    nomination = IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    customer_story = IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    candidate = IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class RedactForm(forms.Form):
    extra = forms.CharField(
        label=_("Also redact"),
        max_length=2000,
        required=False,
        help_text=_("Other names or details the database cannot know (a child's name, a street), separated by commas."),
    )
    alias = forms.CharField(
        label=_("Call the customer"),
        max_length=60,
        required=False,
        help_text=_("Names are replaced by this (“a customer”, “L.”); empty for [customer]."),
    )

    def clean_extra(self) -> list[str]:
        raw: str = self.cleaned_data["extra"]
        return [part.strip() for part in raw.split(",") if part.strip()]


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=State.choices)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class CommentForm(forms.Form):
    body = _text(_("Comment"), rows=3, max_length=MAX_COMMENT)


class ReactForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.choices)
    on = forms.BooleanField(required=False)


class ClipForm(forms.Form):
    clip = forms.FileField(label=_("Video or audio clip"), help_text=_("MP4, M4A, WebM, Ogg, MP3, AAC, WAV or FLAC."))


class ConsentEmailForm(forms.Form):
    email = forms.EmailField(label=_("Send to"), max_length=254, required=False)


class ConsentCallForm(forms.Form):
    note = _text(_("What the customer said"), rows=3, max_length=2000)
    call = IntegerField(label=_("Call #"), min_value=1, required=False)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=MAX_QUERY, required=False)
    value = forms.ChoiceField(label=_("Value"), required=False)
    team = ModelChoiceField(label=_("Team"), queryset=team_list(), required=False, empty_label=_("Any team"))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices])
    year = IntegerField(label=_("Year"), required=False, min_value=1900, max_value=3000)
    show = forms.ChoiceField(
        label=_("Shelf"),
        required=False,
        choices=[
            ("published", _("Published")),
            ("draft", _("Drafts")),
            ("review", _("In review")),
            ("retired", _("Retired")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [("", _("Any value")), *value_list().values_list("slug", "name")]  # type: ignore[attr-defined]


class CandidateFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), required=False, choices=CandidateState.choices)
    rule = forms.ChoiceField(
        label=_("Found because"), required=False, choices=[("", _("Any reason")), *RULE_LABELS.items()]
    )


class ReadingListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = _text(_("What it is for"), rows=3, max_length=2000, required=False)
    for_new_hires = forms.BooleanField(label=_("For new hires"), required=False)


class ReadingAddForm(forms.Form):
    legend = ModelChoiceField(label=_("Legend"), queryset=published_legend_choices())
    note = forms.CharField(label=_("Why read it"), max_length=300, required=False)


class ReadingItemForm(forms.Form):
    legend = IntegerField(min_value=1)
    up = forms.BooleanField(required=False)


class ValueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("What it means"), max_length=500, required=False)
    position = IntegerField(label=_("Position"), min_value=0, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CustomerStoryForm(forms.Form):
    name = forms.CharField(label=_("Your name, as we may show it"), max_length=100)
    email = forms.EmailField(label=_("Your email (never shown)"), max_length=254)
    text = _text(_("Your story"), rows=8, max_length=5000)
    may_publish = forms.BooleanField(label=_("You may publish my story on this page"), required=False)
    # The honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
