"""Encryption for secrets WowDesk must be able to read back (IMAP passwords).

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``. Keys come from
``WOWDESK_ENCRYPTION_KEYS`` (comma-separated, newest first, so a key can be
rotated: new values use the first, old values still decrypt); without it one
key is derived from ``SECRET_KEY``, which then must not change.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionFailed(Exception):
    """The stored value was written with a key that is no longer configured."""


def _fernet() -> MultiFernet:
    keys: list[str] = list(settings.WOWDESK_ENCRYPTION_KEYS)
    if not keys:
        digest = hashlib.sha256(f"wowdesk.mail.crypto:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionFailed("The stored secret cannot be decrypted with the configured keys.") from exc
