"""Threading: Message-IDs we mint, References chains, and signed reply addresses.

A reply finds its conversation by the ``In-Reply-To``/``References`` headers
(which quote Message-IDs we stored) or by a signed token in the address it
was sent to (``help+r123-5f0c…@example.com``). The token is an HMAC of the
conversation id under the site's secret, so nobody can forge one for a
conversation they were never written from.
"""

from __future__ import annotations

import re
import secrets
from email.utils import parseaddr

from django.utils.crypto import constant_time_compare, salted_hmac

MESSAGE_ID = re.compile(r"<[^<>\s]{1,480}>")
_TOKEN = re.compile(r"^r(?P<pk>[1-9][0-9]{0,18})-(?P<sig>[0-9a-f]{16})$")
# RFC 5322 suggests keeping the first reference and the most recent ones.
MAX_REFERENCES = 20


def domain_of(address: str) -> str:
    _name, addr = parseaddr(address)
    return addr.rpartition("@")[2].lower() or "wowdesk.localhost"


def make_message_id(*, domain: str) -> str:
    """A fresh, unguessable Message-ID on our domain."""
    return f"<wd.{secrets.token_hex(12)}@{domain}>"


def message_ids_in(value: str) -> list[str]:
    """Every ``<id>`` in a header value, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in MESSAGE_ID.findall(value or ""):
        seen.setdefault(match, None)
    return list(seen)


def references_chain(previous: list[str], parent: str | None) -> list[str]:
    """The References of a reply to ``parent`` whose own References were ``previous``."""
    chain = [mid for mid in previous if mid != parent]
    if parent:
        chain.append(parent)
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return chain


def _signature(conversation_id: int) -> str:
    return salted_hmac("wowdesk.mail.reply-token", str(conversation_id), algorithm="sha256").hexdigest()[:16]


def reply_token(conversation_id: int) -> str:
    return f"r{conversation_id}-{_signature(conversation_id)}"


def reply_address(*, mailbox_address: str, conversation_id: int) -> str:
    """``local+token@domain`` for a mailbox address ``local@domain``."""
    local, _at, domain = mailbox_address.partition("@")
    base = local.split("+", 1)[0]
    return f"{base}+{reply_token(conversation_id)}@{domain}"


def conversation_from_address(address: str, *, mailbox_address: str) -> int | None:
    """The conversation id a signed reply address names, if ``address`` is one of this mailbox's."""
    local, _at, domain = address.strip().lower().partition("@")
    box_local, _at2, box_domain = mailbox_address.strip().lower().partition("@")
    if domain != box_domain or "+" not in local:
        return None
    base, _plus, token = local.partition("+")
    if base != box_local.split("+", 1)[0]:
        return None
    match = _TOKEN.match(token)
    if match is None:
        return None
    pk = int(match["pk"])
    return pk if constant_time_compare(match["sig"], _signature(pk)) else None
