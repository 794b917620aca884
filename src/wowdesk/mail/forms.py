"""Forms for the email pages. Shape and types only; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.selectors import team_list
from wowdesk.core.fields import IntegerField, ModelChoiceField
from wowdesk.mail.models import DeliveryStatus, ImapSecurity, RejectReason


class MailboxForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.EmailField(label=_("Address"), max_length=254)
    team = ModelChoiceField(
        label=_("Team for new conversations"), queryset=team_list(), required=False, empty_label=_("Shared queue")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    send_acknowledgements = forms.BooleanField(label=_("Acknowledge new conversations"), required=False, initial=True)
    reply_token_addresses = forms.BooleanField(
        label=_("Signed reply addresses (needs plus addressing)"), required=False, initial=True
    )
    imap_enabled = forms.BooleanField(label=_("Poll by IMAP"), required=False)
    imap_host = forms.CharField(label=_("IMAP host"), max_length=255, required=False)
    imap_port = IntegerField(label=_("IMAP port"), min_value=1, max_value=65535, initial=993)
    imap_security = forms.ChoiceField(label=_("IMAP security"), choices=ImapSecurity.choices)
    imap_username = forms.CharField(label=_("IMAP username"), max_length=255, required=False)
    imap_password_env = forms.CharField(
        label=_("Password from environment variable"),
        max_length=100,
        required=False,
        help_text=_("Preferred: the name of a variable the worker's environment sets."),
    )
    imap_password = forms.CharField(
        label=_("Or store a password (encrypted)"),
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the stored one."),
    )
    clear_password = forms.BooleanField(label=_("Remove the stored password"), required=False)
    imap_folder = forms.CharField(label=_("IMAP folder"), max_length=200, initial="INBOX")


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Delivery"), choices=[("", _("Any")), *DeliveryStatus.choices], required=False)


class RejectFilterForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Any")), *RejectReason.choices], required=False)
