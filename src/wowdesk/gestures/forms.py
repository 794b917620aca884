"""Forms for the gesture pages: shape and types only; the services decide the rest."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import User
from wowdesk.accounts.selectors import staff_list
from wowdesk.core.fields import ModelChoiceField
from wowdesk.gestures.models import CatalogueItem, Contribution, OrderRecord, Reason, Shipment
from wowdesk.gestures.money import CURRENCY_CHOICES
from wowdesk.gestures.selectors import catalogue_list


class CatalogueChoiceField(ModelChoiceField[CatalogueItem]):
    def label_from_instance(self, obj: CatalogueItem) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def _amount(label: Any, help_text: Any = "") -> forms.DecimalField:
    # Up to three decimal places reach the service, which knows each currency's own.
    return forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=3, help_text=help_text)


class GrantForm(forms.Form):
    """Grant a gesture from a conversation. The compact panel shows a few fields; the grant page all of them."""

    item = CatalogueChoiceField(label=_("Gesture"), queryset=catalogue_list(), empty_label=_("Choose a gesture"))
    reason = forms.ChoiceField(label=_("Reason"), choices=Reason.choices, initial=Reason.DELIGHT)
    why = forms.CharField(
        label=_("Why"), max_length=500, help_text=_("A few words; this is the only justification anyone needs.")
    )
    message = forms.CharField(
        label=_("Personal message or card text"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(label=_("Package contents"), max_length=1000, required=False)
    amount = _amount(
        _("Amount"),
        _("Coupon value, refund or discount amount, discount percentage, or what a package cost. Empty: the usual."),
    )
    order = forms.TypedChoiceField(label=_("Order"), coerce=int, required=False, empty_value=None)
    order_item = forms.TypedChoiceField(
        label=_("Item on the order"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a refund or replacement of one item, including one we never sold."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", _("Usual")), *CURRENCY_CHOICES], required=False)
    cost = _amount(_("Cost to us"), _("Only if it differs from what the gesture usually costs."))
    recipient = forms.CharField(label=_("Recipient"), max_length=200, required=False)
    ship_to = forms.CharField(
        label=_("Send to"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Empty: the customer's address on file."),
    )
    idempotency_key = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        orders: Iterable[tuple[int, str]] = (),
        order_items: Iterable[tuple[int, str]] = (),
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        # A fresh key per rendered form: pressing "Grant" twice, or resending after a timeout, grants once.
        super().__init__(data, initial={"idempotency_key": uuid.uuid4().hex, **(initial or {})})
        order = self.fields["order"]
        assert isinstance(order, forms.TypedChoiceField)
        order.choices = [("", _("No order")), *orders]
        order_item = self.fields["order_item"]
        assert isinstance(order_item, forms.TypedChoiceField)
        order_item.choices = [("", _("The whole order")), *order_items]


class ShipmentMoveForm(forms.Form):
    state = forms.ChoiceField(label=_("Move to"), choices=Shipment.State.choices)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class OrderRecordMoveForm(forms.Form):
    state = forms.ChoiceField(label=_("Move to"), choices=OrderRecord.State.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class HuddleOpenForm(forms.Form):
    purpose = forms.CharField(label=_("What are you putting together?"), max_length=500)


class StaffChoiceField(ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} — {obj.department.name}" if obj.department else obj.display_name


class HuddleInviteForm(forms.Form):
    """Anyone active, from any department: the kids' shoes team is one choice away."""

    user = StaffChoiceField(
        label=_("Invite"),
        queryset=staff_list().order_by("department__name", "first_name", "last_name"),
        empty_label=_("Choose a colleague"),
    )


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Contribution.Kind.choices, initial=Contribution.Kind.ITEM)
    description = forms.CharField(label=_("What you are adding"), max_length=500)
