"""Social mentions: a relay posts a public post, it becomes a flagged social conversation.

The webhook's JSON shape is documented in ``docs/social-mentions.md`` and in
the OpenAPI schema. Each new post opens a conversation on channel "social"
on the customer who owns the handle on that network (a new customer with
that handle when nobody does), at high priority, tagged ``follow-up`` and
flagged until someone marks it followed up. Posting the same post (network
and URL) again returns the first mention and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import can_manage_staff
from wowdesk.conversations.models import Channel, Priority
from wowdesk.conversations.permissions import can_see_conversation
from wowdesk.conversations.services import conversation_create, message_receive
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text, one_line
from wowdesk.customers.models import Customer, SocialHandle
from wowdesk.customers.services import customer_create
from wowdesk.social.models import Network, SocialMention, SocialSource

SECRET_PREFIX = "wds_"  # noqa: S105 - a public marker that makes leaked secrets greppable
MAX_TEXT = 10_000
FOLLOW_UP_TAG = "follow-up"
# A post cannot be from the future; allow for clocks that are a little off.
CLOCK_SKEW = dt.timedelta(minutes=10)
_HANDLE = re.compile(r"^[A-Za-z0-9_.\-@:]{1,100}$")


@dataclass(frozen=True)
class MentionResult:
    mention: SocialMention
    created: bool


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_admin(actor: User) -> None:
    if not can_manage_staff(actor):
        raise PermissionDenied(_("Only administrators can manage social sources."))


@transaction.atomic
def social_source_create(*, actor: User, name: str) -> tuple[SocialSource, str]:
    """A new relay credential; returns it with its secret, which is shown once and never stored."""
    _require_admin(actor)
    name = one_line(name, 101)
    if not name:
        raise field_error("name", _("Name the source (the relay script or network it serves)."))
    if len(name) > 100:
        raise field_error("name", _("At most 100 characters."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    source = SocialSource.objects.create(name=name, secret_prefix=secret[:12], secret_digest=_digest(secret))
    return source, secret


@transaction.atomic
def social_source_revoke(*, actor: User, source: SocialSource) -> SocialSource:
    _require_admin(actor)
    if source.revoked_at is None:
        source.revoked_at = timezone.now()
        source.save(update_fields=["revoked_at"])
    return source


def social_source_install_for_demo(*, name: str, secret: str) -> SocialSource:
    """A source with a known secret (the demo data documents one). Not for production use."""
    return SocialSource.objects.create(name=name, secret_prefix=secret[:12], secret_digest=_digest(secret))


def social_source_authenticate(*, secret: str) -> SocialSource | None:
    """The active source this secret belongs to; records when it was last used (at most once a minute)."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    source = SocialSource.objects.filter(secret_digest=_digest(secret), revoked_at__isnull=True).first()
    if source is None:
        return None
    now = timezone.now()
    if source.last_used_at is None or (now - source.last_used_at).total_seconds() > 60:
        SocialSource.objects.filter(pk=source.pk).update(last_used_at=now)
    return source


def _clean(
    *, network: str, author_handle: str, author_name: str, url: str, text: str, posted_at: dt.datetime
) -> tuple[str, str, str, str]:
    errors: dict[str, list[str]] = {}
    handle = author_handle.strip().lstrip("@")
    name = one_line(author_name, 201)
    url = url.strip()
    text = clean_text(text).strip()
    if network not in Network.values:
        errors["network"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(Network.values)}]
    if not _HANDLE.match(handle):
        errors["author_handle"] = [_("A handle of 1 to 100 letters, digits or _ . - @ : characters.")]
    if len(name) > 200:
        errors["author_name"] = [_("At most 200 characters.")]
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc or len(url) > 500:
        errors["url"] = [_("The post's http(s) address, at most 500 characters.")]
    if not text:
        errors["text"] = [_("The post's text is empty.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("At most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}]
    if timezone.is_naive(posted_at):
        errors["posted_at"] = [_("Give a time zone (for example 2026-05-01T21:05:00Z).")]
    elif posted_at > timezone.now() + CLOCK_SKEW:
        errors["posted_at"] = [_("This is in the future.")]
    if errors:
        raise ValidationError(errors)
    return handle, name, url, text


def _customer(network: str, handle: str, name: str) -> Customer:
    row = SocialHandle.objects.select_related("customer").filter(network=network, handle__iexact=handle).first()
    customer = row.customer if row is not None else None
    while customer is not None and customer.merged_into_id is not None:
        customer = Customer.objects.filter(pk=customer.merged_into_id).first()
    if customer is not None:
        return customer
    return customer_create(name=name or f"@{handle}", social_handles=[(network, handle)])


def mention_receive(
    *,
    source: SocialSource | None,
    network: str,
    author_handle: str,
    author_name: str,
    url: str,
    text: str,
    posted_at: dt.datetime,
) -> MentionResult:
    """Turn one public post into a flagged social conversation (or return the one it already made).

    Raises ValidationError naming the field for bad input. One transaction;
    a concurrent delivery of the same post meets the unique constraint and
    gets the winner's mention.
    """
    handle, name, url, text = _clean(
        network=network, author_handle=author_handle, author_name=author_name, url=url, text=text, posted_at=posted_at
    )
    existing = SocialMention.objects.filter(network=network, url=url).first()
    if existing is not None:
        return MentionResult(mention=existing, created=False)
    try:
        with transaction.atomic():
            return MentionResult(mention=_open(source, network, handle, name, url, text, posted_at), created=True)
    except IntegrityError:
        return MentionResult(mention=SocialMention.objects.get(network=network, url=url), created=False)


def _open(
    source: SocialSource | None, network: str, handle: str, name: str, url: str, text: str, posted_at: dt.datetime
) -> SocialMention:
    customer = _customer(network, handle, name)
    label = Network(network).label
    conversation = conversation_create(
        actor=None,
        customer=customer,
        channel=Channel.SOCIAL,
        subject=_("Public post by @%(handle)s on %(network)s: %(text)s")
        % {"handle": handle, "network": label, "text": one_line(text, 80)},
        priority=Priority.HIGH,
        tags=["social", FOLLOW_UP_TAG],
    )
    entry = message_receive(
        conversation=conversation,
        body=f"@{handle}: {text}",
        data={"social": {"network": network, "url": url, "handle": handle, "posted_at": posted_at.isoformat()}},
    )
    return SocialMention.objects.create(
        source=source,
        network=network,
        url=url,
        author_handle=handle,
        author_name=name,
        text=text,
        posted_at=posted_at,
        customer=customer,
        conversation=conversation,
        received_at=entry.created_at,
    )


@transaction.atomic
def mention_follow_up(*, actor: User, mention: SocialMention) -> SocialMention:
    """Mark a mention followed up (clears its flag). Doing it twice changes nothing."""
    if not can_see_conversation(actor, mention.conversation):
        raise PermissionDenied(_("You may not see this conversation."))
    if mention.followed_up_at is None:
        mention.followed_up_at = timezone.now()
        mention.followed_up_by = actor
        mention.save(update_fields=["followed_up_at", "followed_up_by"])
    return mention
