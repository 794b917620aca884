"""Writes for staff accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from wowdesk.accounts.models import ApiToken, User
from wowdesk.core.errors import field_error

TOKEN_PREFIX = "wdk_"  # noqa: S105 - a public marker that makes leaked tokens greppable, not a secret


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored."""
    name = name.strip()
    if not name:
        raise field_error("name", "Give the token a name so you can recognise it later.")
    if len(name) > 100:
        raise field_error("name", "At most 100 characters.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:12], digest=_digest(secret))
    return token, secret


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user owning ``secret``, or None. Records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Writing on every request would serialise API traffic on one row; a
    # minute's precision is plenty for "last used".
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
