"""Mailbox settings: create and edit (admins), relay secrets, IMAP passwords."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.core.validation import validate
from wowdesk.mail.crypto import DecryptionFailed, decrypt, encrypt
from wowdesk.mail.models import ImapSecurity, Mailbox
from wowdesk.mail.permissions import can_manage_mailboxes

RELAY_PREFIX = "wdm_"
MAILBOX_FIELDS = (
    "name",
    "address",
    "team",
    "is_active",
    "send_acknowledgements",
    "reply_token_addresses",
    "imap_enabled",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_username",
    "imap_password_env",
    "imap_folder",
)
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_admin(actor: User) -> None:
    if not can_manage_mailboxes(actor):
        raise PermissionDenied(_("Only administrators can change mailboxes."))


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check(mailbox: Mailbox) -> None:
    mailbox.name = mailbox.name.strip()
    mailbox.address = mailbox.address.strip().lower()
    mailbox.imap_host = mailbox.imap_host.strip()
    mailbox.imap_password_env = mailbox.imap_password_env.strip()
    if not mailbox.name:
        raise field_error("name", _("Give the mailbox a name."))
    if "+" in mailbox.address.partition("@")[0]:
        raise field_error("address", _("Use the plain address; WowDesk adds +tokens for replies itself."))
    validate(mailbox, exclude=["team"])
    if mailbox.imap_enabled:
        if not mailbox.imap_host:
            raise field_error("imap_host", _("Polling by IMAP needs a host."))
        if not mailbox.imap_username:
            raise field_error("imap_username", _("Polling by IMAP needs a username."))
        if not (mailbox.imap_password_env or mailbox.imap_password_encrypted):
            raise field_error("imap_password", _("Give a password, or the environment variable that holds it."))
    if mailbox.imap_security == ImapSecurity.NONE and mailbox.imap_host and not is_loopback(mailbox.imap_host):
        raise field_error("imap_security", _("Unencrypted IMAP is only allowed to a server on this machine."))
    if mailbox.imap_password_env and not mailbox.imap_password_env.replace("_", "").isalnum():
        raise field_error("imap_password_env", _("Letters, digits and underscores only."))
    if not 1 <= mailbox.imap_port <= 65535:
        raise field_error("imap_port", _("A port between 1 and 65535."))


def _apply(mailbox: Mailbox, fields: dict[str, Any], imap_password: str | None) -> None:
    unknown = set(fields) - set(MAILBOX_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("Unknown field."))
    for key, value in fields.items():
        setattr(mailbox, key, value)
    if imap_password is not None:
        # An empty string clears a stored password; None leaves it as it is.
        mailbox.imap_password_encrypted = encrypt(imap_password) if imap_password else ""


@transaction.atomic
def mailbox_create(*, actor: User, imap_password: str | None = None, **fields: Any) -> Mailbox:
    _require_admin(actor)
    mailbox = Mailbox()
    _apply(mailbox, fields, imap_password)
    _check(mailbox)
    mailbox.save()
    return mailbox


@transaction.atomic
def mailbox_update(*, actor: User, mailbox: Mailbox, imap_password: str | None = None, **fields: Any) -> Mailbox:
    _require_admin(actor)
    _apply(mailbox, fields, imap_password)
    _check(mailbox)
    mailbox.save()
    return mailbox


@transaction.atomic
def mailbox_rotate_relay_secret(*, actor: User, mailbox: Mailbox) -> str:
    """Give the mailbox a new relay secret and return it; it is never stored, only its digest.

    The old secret stops working at once.
    """
    _require_admin(actor)
    secret = RELAY_PREFIX + secrets.token_urlsafe(32)
    mailbox.relay_secret_digest = _digest(secret)
    mailbox.relay_secret_prefix = secret[:12]
    mailbox.save(update_fields=["relay_secret_digest", "relay_secret_prefix", "updated_at"])
    return secret


def mailbox_set_relay_secret_for_demo(*, mailbox: Mailbox, secret: str) -> None:
    """Install a known relay secret (the demo data uses a documented one). Not for production use."""
    Mailbox.objects.filter(pk=mailbox.pk).update(relay_secret_digest=_digest(secret), relay_secret_prefix=secret[:12])


def mailbox_authenticate_relay(*, secret: str) -> Mailbox | None:
    """The active mailbox whose relay secret this is, or None."""
    if not secret.startswith(RELAY_PREFIX):
        return None
    return Mailbox.objects.filter(relay_secret_digest=_digest(secret), is_active=True).first()


class PasswordUnavailable(Exception):
    """The mailbox's IMAP password cannot be read (variable unset, or stored with an old key)."""


def mailbox_imap_password(mailbox: Mailbox) -> str:
    """The IMAP password: from the named environment variable, else the stored (encrypted) one."""
    if mailbox.imap_password_env:
        value = os.environ.get(mailbox.imap_password_env)
        if value is None:
            raise PasswordUnavailable(f"The environment variable {mailbox.imap_password_env} is not set.")
        return value
    if not mailbox.imap_password_encrypted:
        raise PasswordUnavailable("No IMAP password is configured.")
    try:
        return decrypt(mailbox.imap_password_encrypted)
    except DecryptionFailed as exc:
        raise PasswordUnavailable(str(exc)) from exc
