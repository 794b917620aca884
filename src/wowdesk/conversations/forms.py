"""Forms for the agent pages. They check shape and types only; services decide the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.selectors import staff_list, team_list
from wowdesk.conversations.models import Channel, EntryKind, Priority, Status
from wowdesk.conversations.services import MAX_BODY
from wowdesk.core.fields import IntegerField, ModelChoiceField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _body_field(label: StrOrPromise, *, required: bool = True) -> forms.CharField:
    # strip=False: the service decides what counts as empty and keeps the rep's formatting.
    return forms.CharField(
        label=label,
        max_length=MAX_BODY,
        required=required,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(forms.Form):
    body = _body_field(_("Reply to the customer"))
    status = forms.ChoiceField(
        label=_("Then set status"),
        choices=[("", _("Keep the status")), *Status.choices],
        required=False,
    )


class NoteForm(forms.Form):
    body = _body_field(_("Internal note"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)


class AssignForm(forms.Form):
    """Pick a person and a team, or tick ``me`` to take the conversation yourself."""

    assignee = ModelChoiceField(label=_("Assignee"), queryset=staff_list(), required=False, empty_label=_("Nobody"))
    team = ModelChoiceField(label=_("Team"), queryset=team_list(), required=False, empty_label=_("No team"))
    me = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        max_length=2000,
        required=False,
        help_text=_("Separate tags with commas."),
    )

    def clean_tags(self) -> list[str]:
        raw: str = self.cleaned_data["tags"]
        return [name for name in (part.strip() for part in raw.split(",")) if name]


class MergeForm(forms.Form):
    target = IntegerField(label=_("Merge into conversation #"), min_value=1)


class CallForm(forms.Form):
    """No fields: it carries the service's errors (a call already running) back to the page."""


class ConversationCreateForm(forms.Form):
    customer = IntegerField(label=_("Customer id"), min_value=1, required=False)
    customer_email = forms.EmailField(label=_("or the customer's email"), max_length=254, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    direction = forms.ChoiceField(
        label=_("Who spoke first"),
        choices=[(EntryKind.INBOUND, _("The customer")), (EntryKind.OUTBOUND, _("We did"))],
        initial=EntryKind.INBOUND,
    )
    body = _body_field(_("First message"), required=False)
    assign_to_me = forms.BooleanField(label=_("Assign to me"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("customer") and not data.get("customer_email") and "customer" not in self.errors:
            self.add_error("customer", _("Give the customer's id or email."))
        return data
