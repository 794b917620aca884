"""Forms for order pages: shape and types only; services validate the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.core.fields import IntegerField
from wowdesk.orders.models import Order, ProblemReport
from wowdesk.orders.services import CURRENCIES


class OrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=40)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in sorted(CURRENCIES)], initial="USD")
    status = forms.ChoiceField(label=_("Status"), choices=Order.Status.choices, initial=Order.Status.PLACED)


class OrderItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=200)
    sku = forms.CharField(
        label=_("SKU"), max_length=40, required=False, help_text=_("Leave empty for things we do not sell.")
    )
    quantity = IntegerField(label=_("Quantity"), min_value=1, initial=1)
    unit_price = forms.DecimalField(label=_("Unit price"), min_value=0, max_digits=12, decimal_places=2)


# Rows left blank are ignored, so a few spare rows cost nothing; "more rows" asks for a bigger form.
OrderItemFormSet = forms.formset_factory(OrderItemForm, extra=3, min_num=1, validate_min=True, max_num=200)


class OrderStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Order.Status.choices)
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class ProblemReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Problem"), choices=ProblemReport.Kind.choices)
    description = forms.CharField(label=_("What happened"), max_length=4000, required=False, widget=forms.Textarea)
    conversation = IntegerField(
        label=_("Raised in conversation"),
        min_value=1,
        error_messages={"required": _("Choose the conversation where the problem was raised.")},
    )
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, conversations: Iterable[tuple[int, str]] = ()) -> None:
        super().__init__(data)
        # A select on the order page; any id of this customer's conversations is still accepted.
        self.fields["conversation"].widget = forms.Select(choices=[("", "—"), *conversations])
