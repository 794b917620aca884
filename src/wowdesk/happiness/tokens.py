"""Survey link tokens: random, single-purpose, stored only as a digest."""

from __future__ import annotations

import hashlib
import secrets

# 32 random bytes: 256 bits, so guessing a live token is out of reach however many tries are made.
TOKEN_BYTES = 32
# URL-safe base64 of 32 bytes is 43 characters; anything else cannot be one of ours.
TOKEN_LENGTH = 43


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_token(token: str) -> bool:
    """A cheap shape check before any database lookup (length and alphabet)."""
    return len(token) == TOKEN_LENGTH and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)
