"""The IMAP poller: fetch unseen mail, store it, then mark it seen.

For each unseen message the poller fetches the size, then the message with
``BODY.PEEK[]`` (which does not set ``\\Seen``), hands it to
``inbound_receive`` (which commits), and only then stores ``\\Seen`` on the
server. A crash or a database error before that leaves the message unseen,
so the next poll fetches it again, and the Message-ID constraint makes the
second fetch a no-op. Only one poller works on a mailbox at a time (a lease
on the row), however many workers run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import logging
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from wowdesk.core.text import one_line
from wowdesk.mail.models import ImapSecurity, InboundVia, Mailbox
from wowdesk.mail.services.inbound import inbound_receive, inbound_refuse_oversized
from wowdesk.mail.services.mailboxes import PasswordUnavailable, is_loopback, mailbox_imap_password

logger = logging.getLogger(__name__)

POLL_LEASE = dt.timedelta(minutes=10)
BATCH = 100
TIMEOUT = 30
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class PollResult:
    fetched: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    error: str = ""
    skipped: bool = False


class PollError(Exception):
    pass


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    context = ssl.create_default_context()
    if mailbox.imap_security == ImapSecurity.SSL:
        return imaplib.IMAP4_SSL(mailbox.imap_host, mailbox.imap_port, ssl_context=context, timeout=TIMEOUT)
    client = imaplib.IMAP4(mailbox.imap_host, mailbox.imap_port, timeout=TIMEOUT)
    if mailbox.imap_security == ImapSecurity.STARTTLS:
        client.starttls(ssl_context=context)
    elif not is_loopback(mailbox.imap_host):
        # The form refuses this too; a row edited behind its back must not send a password in clear.
        client.shutdown()
        raise PollError("Unencrypted IMAP is only allowed to a server on this machine.")
    return client


def _ok(response: tuple[str, Sequence[object]], what: str) -> list[object]:
    status, data = response
    if status != "OK":
        raise PollError(f"{what} failed: {one_line(repr(data), 200)}")
    return list(data)


def _literal(data: list[object]) -> bytes | None:
    """The message bytes in a FETCH response (the literal of its first tuple)."""
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _size(data: list[object]) -> int | None:
    for item in data:
        head = item[0] if isinstance(item, tuple) else item
        if isinstance(head, bytes):
            match = _SIZE.search(head)
            if match:
                return int(match.group(1))
    return None


def _claim(mailbox_id: int, now: dt.datetime) -> bool:
    return (
        Mailbox.objects.filter(pk=mailbox_id, is_active=True, imap_enabled=True)
        .filter(Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now))
        .update(poll_lease_until=now + POLL_LEASE)
        == 1
    )


def _fetch_one(client: imaplib.IMAP4, mailbox: Mailbox, uid: bytes, result: PollResult) -> None:
    size = _size(_ok(client.uid("FETCH", uid.decode(), "(RFC822.SIZE)"), "FETCH size"))
    limit = int(settings.WOWDESK_MAIL_MAX_MESSAGE_BYTES)
    part = "(BODY.PEEK[HEADER])" if size is not None and size > limit else "(BODY.PEEK[])"
    raw = _literal(_ok(client.uid("FETCH", uid.decode(), part), "FETCH message"))
    if raw is None:
        raise PollError(f"The server sent no message for UID {uid.decode()}.")
    if part == "(BODY.PEEK[HEADER])":
        # Too large to fetch: recorded as a reject from its head alone.
        outcome = inbound_refuse_oversized(mailbox=mailbox, head=raw, size=size or 0, via=InboundVia.IMAP)
    else:
        outcome = inbound_receive(mailbox=mailbox, raw=raw, via=InboundVia.IMAP)
    result.fetched += 1
    result.outcomes[outcome.status] = result.outcomes.get(outcome.status, 0) + 1
    # Committed; only now may the server forget that it is new.
    _ok(client.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)"), "STORE \\Seen")


def mailbox_poll(*, mailbox_id: int, now: dt.datetime | None = None, batch: int = BATCH) -> PollResult:
    """Fetch up to ``batch`` unseen messages from one mailbox. Idempotent; safe from any number of workers.

    Connection, login and protocol errors are recorded on the mailbox
    (``last_poll_error``) and leave the unfetched messages unseen for next time.
    """
    now = now or timezone.now()
    result = PollResult()
    if not _claim(mailbox_id, now):
        result.skipped = True
        return result
    mailbox = Mailbox.objects.select_related("team").get(pk=mailbox_id)
    client: imaplib.IMAP4 | None = None
    try:
        password = mailbox_imap_password(mailbox)
        client = _connect(mailbox)
        _ok(client.login(mailbox.imap_username, password), "LOGIN")
        _ok(client.select(_quoted(mailbox.imap_folder)), f"SELECT {mailbox.imap_folder}")
        found = _ok(client.uid("SEARCH", "UNSEEN"), "SEARCH")
        uids = found[0].split() if found and isinstance(found[0], bytes) else []
        for uid in uids[:batch]:
            _fetch_one(client, mailbox, uid, result)
    except (OSError, imaplib.IMAP4.error, PollError, PasswordUnavailable) as exc:
        result.error = one_line(f"{type(exc).__name__}: {exc}", 500)
        logger.warning("Polling %s failed: %s", mailbox.address, result.error)
    finally:
        if client is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_polled_at=timezone.now(), last_poll_error=result.error, poll_lease_until=None
        )
    return result


def _quoted(folder: str) -> str:
    escaped = folder.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def mailboxes_to_poll() -> list[int]:
    return list(Mailbox.objects.filter(is_active=True, imap_enabled=True).order_by("id").values_list("pk", flat=True))
