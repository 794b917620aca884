"""API authentication for the mention webhook: a social source's secret as a bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from wowdesk.social.models import SocialSource
from wowdesk.social.services import social_source_authenticate


class SourceSecretAuth(HttpBearer):
    """``Authorization: Bearer wds_…``, created on the social sources page (admins)."""

    def authenticate(self, request: HttpRequest, token: str) -> SocialSource | None:
        return social_source_authenticate(secret=token.strip())
