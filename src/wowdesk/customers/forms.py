"""Forms for customer pages. They check shape and types only; services decide the rest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.core.fields import IntegerField
from wowdesk.customers.models import Customer, LifeMoment, SocialHandle
from wowdesk.customers.services import CUSTOMER_FIELDS

if TYPE_CHECKING:
    _CustomerModelForm = forms.ModelForm[Customer]
else:  # ModelForm is generic only in the type stubs
    _CustomerModelForm = forms.ModelForm


class CustomerForm(_CustomerModelForm):
    """Validation only: views pass ``cleaned_data`` to ``customer_create``/``customer_update``."""

    class Meta:
        model = Customer
        fields = CUSTOMER_FIELDS


class CustomerCreateForm(CustomerForm):
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)


class _ProfileForm(forms.Form):
    """Several of these share the profile page; a per-form id prefix keeps element ids unique."""

    id_prefix = "profile"

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, auto_id=f"{self.id_prefix}_%s")


class EmailForm(_ProfileForm):
    id_prefix = "email"
    email = forms.EmailField(label=_("Email"), max_length=254)


class PhoneForm(_ProfileForm):
    id_prefix = "phone"
    number = forms.CharField(label=_("Number"), max_length=32)
    label = forms.CharField(label=_("Label"), max_length=30, required=False)


class SocialHandleForm(_ProfileForm):
    id_prefix = "handle"
    network = forms.ChoiceField(label=_("Network"), choices=SocialHandle.Network.choices)
    handle = forms.CharField(label=_("Handle"), max_length=100)


class _FromConversationForm(_ProfileForm):
    """Rapport can be recorded from a conversation page, which names itself and where to return."""

    conversation = IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class RapportNoteForm(_FromConversationForm):
    id_prefix = "note"
    body = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["body", "conversation", "next"]


class LifeMomentForm(_FromConversationForm):
    id_prefix = "moment"
    kind = forms.ChoiceField(label=_("What happened"), choices=LifeMoment.Kind.choices)
    happened_on = forms.DateField(
        label=_("When"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    field_order = ["kind", "happened_on", "note", "conversation", "next"]


class MergeTargetForm(forms.Form):
    into = IntegerField(label=_("Merge into customer"), min_value=1)
