"""The public contact form. Shape only; the service validates and throttles."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.contact.services import MAX_MESSAGE


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    order_number = forms.CharField(label=_("Order number (if it is about an order)"), max_length=40, required=False)
    message = forms.CharField(label=_("Your message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 8}))
    # The honeypot: hidden from people (and from screen readers), irresistible to form-filling bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
