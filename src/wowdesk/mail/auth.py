"""API authentication for the relay endpoint: the mailbox's relay secret as a bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from wowdesk.mail.models import Mailbox
from wowdesk.mail.services.mailboxes import mailbox_authenticate_relay


class RelaySecretAuth(HttpBearer):
    """``Authorization: Bearer wdm_…``: the secret names (and authenticates) one mailbox."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Mailbox | None:
        return mailbox_authenticate_relay(secret=token.strip())
