"""Inbound email: every way in (IMAP poller, relay endpoint) lands in ``inbound_receive``.

One call takes one raw message and, in one transaction, either

- adds it to the conversation it answers (found by a signed reply address,
  or by ``In-Reply-To``/``References``, and only when the sender is that
  conversation's customer: a forged header cannot slip a message into
  somebody else's conversation),
- opens a new conversation on the sender's customer (created if new), or
- records why it did not (an ``InboundReject``): too large, hostile MIME,
  no sender, or automatic mail (out-of-office, bounces, RFC 3464 delivery
  reports, bulk mail, our own mail coming back), which never opens a
  conversation or triggers a reply.

It is idempotent on the Message-ID per mailbox (a unique constraint), and
the same message arriving at a second mailbox points at the first one's
timeline entry, so either way it yields one conversation message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.conversations.models import Channel, Conversation, TimelineEntry
from wowdesk.conversations.services import MAX_BODY, conversation_create, message_receive
from wowdesk.core.html import html_to_text, sanitize_html
from wowdesk.core.text import one_line
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_find_by_email
from wowdesk.customers.services import customer_create
from wowdesk.mail.models import (
    AcknowledgementLedger,
    InboundMessage,
    InboundReject,
    InboundVia,
    MailAttachment,
    Mailbox,
    OutboundEmail,
    OutboundKind,
    ThreadMatch,
)
from wowdesk.mail.parsing import ParsedEmail, Rejected, parse_email
from wowdesk.mail.services.outbox import email_queue_template, outbound_mark_bounced
from wowdesk.mail.threads import conversation_from_address, references_chain, reply_address

logger = logging.getLogger(__name__)

ACK_INTERVAL = dt.timedelta(hours=1)
# Raw messages kept for an admin to inspect a reject; larger ones keep their head only.
REJECT_RAW_LIMIT = 5 * 1024 * 1024
REJECT_HEAD = 64 * 1024
_NO_REPLY = ("noreply", "no-reply", "donotreply", "do-not-reply")
_ATTEMPTS = 3


@dataclass(frozen=True)
class InboundOutcome:
    """What became of one message: ``accepted``, ``duplicate``, ``ignored`` (automatic) or ``rejected``."""

    status: str
    message: InboundMessage | None = None
    reject: InboundReject | None = None
    opened: bool = False

    @property
    def conversation_id(self) -> int | None:
        if self.message is not None:
            return self.message.conversation_id
        return self.reject.conversation_id if self.reject is not None else None


def _limits() -> tuple[int, int, int]:
    return (
        int(settings.WOWDESK_MAIL_MAX_MESSAGE_BYTES),
        int(settings.WOWDESK_MAIL_MAX_PARTS),
        int(settings.WOWDESK_MAIL_MAX_ATTACHMENT_BYTES),
    )


def _store_raw(raw: bytes) -> str:
    kept = raw if len(raw) <= REJECT_RAW_LIMIT else raw[:REJECT_HEAD]
    return default_storage.save(f"mail/rejects/{secrets.token_hex(16)}.eml", ContentFile(kept))


def _reject(
    *,
    mailbox: Mailbox,
    via: str,
    raw: bytes,
    reason: str,
    detail: str,
    parsed: ParsedEmail | None = None,
    conversation_id: int | None = None,
    outbound: OutboundEmail | None = None,
) -> InboundReject:
    return InboundReject.objects.create(
        mailbox=mailbox,
        reason=reason,
        detail=one_line(detail, 1000),
        via=via,
        from_address=parsed.from_address if parsed else "",
        subject=parsed.subject if parsed else "",
        message_id=parsed.message_id[:500] if parsed else "",
        size=len(raw),
        raw_name=_store_raw(raw),
        conversation_id=conversation_id,
        outbound=outbound,
    )


def _dedupe_key(parsed: ParsedEmail) -> str:
    return hashlib.sha256(f"{parsed.message_id}\0{parsed.from_address}".encode()).hexdigest()


def _root(conversation: Conversation) -> Conversation:
    """Follow merges to the conversation that lives on."""
    seen = {conversation.pk}
    while conversation.merged_into_id is not None and conversation.merged_into_id not in seen:
        seen.add(conversation.merged_into_id)
        conversation = Conversation.objects.select_related("customer").get(pk=conversation.merged_into_id)
    return conversation


def _conversation_by_headers(parsed: ParsedEmail) -> Conversation | None:
    ids = parsed.thread_ids
    if not ids:
        return None
    found: dict[str, int] = {}
    for mid, conversation_id in OutboundEmail.objects.filter(
        message_id__in=ids, conversation__isnull=False
    ).values_list("message_id", "conversation_id"):
        found.setdefault(mid, conversation_id)
    for mid, conversation_id in InboundMessage.objects.filter(message_id__in=ids).values_list(
        "message_id", "conversation_id"
    ):
        found.setdefault(mid, conversation_id)
    for mid in ids:
        if mid in found:
            return Conversation.objects.select_related("customer").filter(pk=found[mid]).first()
    return None


def _conversation_by_token(parsed: ParsedEmail, mailbox: Mailbox) -> Conversation | None:
    for address in parsed.recipients:
        pk = conversation_from_address(address, mailbox_address=mailbox.address)
        if pk is not None:
            return Conversation.objects.select_related("customer").filter(pk=pk).first()
    return None


def _thread(
    parsed: ParsedEmail, mailbox: Mailbox, sender: Customer | None
) -> tuple[Conversation | None, str, dict[str, Any]]:
    """The conversation this message answers, how it was found, and any warning for the timeline.

    A header match counts only when the sender is the conversation's
    customer. A signed reply address proves the sender got our mail, so it
    also admits a sender we do not know yet, but never one who is another
    customer.
    """
    note: dict[str, Any] = {}
    by_token = _conversation_by_token(parsed, mailbox)
    if by_token is not None:
        by_token = _root(by_token)
        if sender is None or sender.pk == by_token.customer_id:
            return by_token, ThreadMatch.TOKEN, note
        note["thread_refused"] = by_token.pk
    by_headers = _conversation_by_headers(parsed)
    if by_headers is not None:
        by_headers = _root(by_headers)
        if sender is not None and sender.pk == by_headers.customer_id:
            return by_headers, ThreadMatch.HEADERS, note
        note["thread_refused"] = by_headers.pk
    return None, ThreadMatch.NONE, note


def _sender_customer(parsed: ParsedEmail) -> Customer | None:
    customer = customer_find_by_email(email=parsed.from_address)
    while customer is not None and customer.merged_into_id is not None:
        customer = Customer.objects.filter(pk=customer.merged_into_id).first()
    return customer


def _new_customer(parsed: ParsedEmail) -> Customer:
    name = parsed.from_name or parsed.from_address.partition("@")[0]
    return customer_create(name=one_line(name, 200), emails=[parsed.from_address])


def _bodies(parsed: ParsedEmail, attachments_line: str) -> tuple[str, str]:
    html = sanitize_html(parsed.html) if parsed.html else ""
    text = parsed.text.strip() or (html_to_text(html) if html else "")
    if not text:
        text = attachments_line or _("(This email had no text.)")
    if len(text) > MAX_BODY:
        notice = "\n\n" + _("[The rest of this email was cut: it was longer than %(n)s characters.]") % {
            "n": f"{MAX_BODY:,}"
        }
        text = text[: MAX_BODY - len(notice)] + notice
    if len(html) > 4 * MAX_BODY:
        # Too long to show as HTML; the text above is complete up to the limit.
        html = ""
    return text, html


def _save_attachments(parsed: ParsedEmail) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Store the files under random names; return (stored, skipped) as they go into the entry's data.

    Files are written before the database rows so the entry can name them;
    a rollback after this point leaves unreferenced files, never a row
    pointing at a missing file.
    """
    stored: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    limit = _limits()[2]
    for attachment in parsed.attachments:
        meta = {"filename": attachment.filename, "content_type": attachment.content_type, "size": attachment.size}
        if attachment.too_large:
            skipped.append({**meta, "reason": _("larger than %(mb)s MB") % {"mb": limit // (1024 * 1024)}})
            continue
        key = secrets.token_urlsafe(18)
        name = default_storage.save(f"mail/attachments/{key}", ContentFile(attachment.data))
        stored.append({**meta, "key": key, "storage_name": name, "sha256": hashlib.sha256(attachment.data).hexdigest()})
    return stored, skipped


def _attachments_line(stored: list[dict[str, Any]], skipped: list[dict[str, Any]]) -> str:
    if not stored and not skipped:
        return ""
    names = ", ".join(a["filename"] for a in [*stored, *skipped])
    return _("(No text; attachments: %(names)s)") % {"names": names}


def _entry_data(
    parsed: ParsedEmail, mailbox: Mailbox, stored: list[dict[str, Any]], skipped: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "email": {
            "message_id": parsed.message_id,
            "from": parsed.from_address,
            "from_name": parsed.from_name,
            "subject": parsed.subject,
            "mailbox": mailbox.address,
            "attachments": [{k: a[k] for k in ("key", "filename", "content_type", "size")} for a in stored],
            "skipped_attachments": skipped,
        }
    }


def _acknowledge(*, mailbox: Mailbox, parsed: ParsedEmail, conversation: Conversation, now: dt.datetime) -> None:
    """At most one automatic acknowledgement per sender per hour, never to automatic senders.

    Precondition: inside the receiving transaction. The ledger row is locked
    while deciding, so two messages from one sender at once send one ack.
    """
    address = parsed.from_address.lower()
    if not mailbox.send_acknowledgements or address.partition("@")[0].startswith(_NO_REPLY):
        return
    ledger, created = AcknowledgementLedger.objects.get_or_create(address=address, defaults={"last_sent_at": now})
    if not created:
        ledger = AcknowledgementLedger.objects.select_for_update().get(pk=ledger.pk)
        if now - ledger.last_sent_at < ACK_INTERVAL:
            return
        ledger.last_sent_at = now
        ledger.save(update_fields=["last_sent_at"])
    reply_to = (
        reply_address(mailbox_address=mailbox.address, conversation_id=conversation.pk)
        if mailbox.reply_token_addresses
        else ""
    )
    email_queue_template(
        template="mail/email/acknowledgement",
        context={"conversation": conversation, "customer": conversation.customer, "mailbox": mailbox},
        to_address=parsed.from_address,
        to_name=parsed.from_name,
        kind=OutboundKind.ACKNOWLEDGEMENT,
        conversation=conversation,
        mailbox=mailbox,
        in_reply_to=parsed.message_id,
        references=references_chain(parsed.references, parsed.message_id),
        reply_to=reply_to,
        # RFC 3834: mark it automatic, so well-behaved auto-responders do not answer it.
        headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
    )


def _existing(mailbox: Mailbox, parsed: ParsedEmail) -> InboundMessage | None:
    return InboundMessage.objects.filter(mailbox=mailbox, message_id=parsed.message_id[:500]).first()


def _store(*, mailbox: Mailbox, parsed: ParsedEmail, raw_size: int, via: str, now: dt.datetime) -> InboundOutcome:
    """The write half of ``inbound_receive``. Precondition: inside a transaction (a savepoint)."""
    message_id = parsed.message_id[:500]
    existing = _existing(mailbox, parsed)
    if existing is not None:
        return InboundOutcome(status="duplicate", message=existing)
    key = _dedupe_key(parsed)
    primary = InboundMessage.objects.filter(dedupe_key=key, is_primary=True).first()
    if primary is not None:
        twin = InboundMessage.objects.create(
            mailbox=mailbox,
            message_id=message_id,
            dedupe_key=key,
            is_primary=False,
            conversation_id=primary.conversation_id,
            entry_id=primary.entry_id,
            from_address=parsed.from_address,
            from_name=parsed.from_name,
            subject=parsed.subject,
            thread_match=ThreadMatch.DUPLICATE,
            via=via,
            size=raw_size,
            received_at=now,
        )
        return InboundOutcome(status="duplicate", message=twin)
    sender = _sender_customer(parsed)
    conversation, match, note = _thread(parsed, mailbox, sender)
    stored, skipped = _save_attachments(parsed)
    text, html = _bodies(parsed, _attachments_line(stored, skipped))
    data = _entry_data(parsed, mailbox, stored, skipped)
    data["email"].update(note)
    opened = conversation is None
    if conversation is None:
        customer = sender or _new_customer(parsed)
        conversation = conversation_create(
            actor=None,
            customer=customer,
            channel=Channel.EMAIL,
            subject=parsed.subject or _("(no subject)"),
            team=mailbox.team,
        )
    entry: TimelineEntry = message_receive(conversation=conversation, body=text, body_html=html, data=data)
    message = InboundMessage.objects.create(
        mailbox=mailbox,
        message_id=message_id,
        dedupe_key=key,
        conversation=conversation,
        entry=entry,
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        subject=parsed.subject,
        in_reply_to=" ".join(parsed.in_reply_to)[:500],
        references=" ".join(parsed.references),
        thread_match=match,
        via=via,
        size=raw_size,
        received_at=now,
    )
    MailAttachment.objects.bulk_create(
        MailAttachment(
            inbound=message,
            conversation=conversation,
            key=a["key"],
            filename=a["filename"],
            content_type=a["content_type"],
            size=a["size"],
            sha256=a["sha256"],
            storage_name=a["storage_name"],
        )
        for a in stored
    )
    if opened:
        _acknowledge(mailbox=mailbox, parsed=parsed, conversation=conversation, now=now)
    return InboundOutcome(status="accepted", message=message, opened=opened)


def _our_addresses() -> set[str]:
    return {a.lower() for a in Mailbox.objects.values_list("address", flat=True)}


def _automatic(*, mailbox: Mailbox, parsed: ParsedEmail, raw: bytes, via: str) -> InboundOutcome:
    """Record automatic mail. A bounce of mail we sent marks that mail failed, with the server's reason."""
    assert parsed.automatic is not None
    reason, detail = parsed.automatic
    outbound = None
    if reason == "bounce" and parsed.reported_message_ids:
        outbound = OutboundEmail.objects.filter(message_id__in=parsed.reported_message_ids).first()
        if outbound is not None:
            outbound_mark_bounced(outbound=outbound, detail=parsed.report_detail)
            detail = f"{detail} {parsed.report_detail}".strip()
    conversation = outbound.conversation if outbound is not None else _conversation_by_headers(parsed)
    reject = _reject(
        mailbox=mailbox,
        via=via,
        raw=raw,
        reason=reason,
        detail=detail,
        parsed=parsed,
        conversation_id=conversation.pk if conversation is not None else None,
        outbound=outbound,
    )
    return InboundOutcome(status="ignored", reject=reject)


def _too_large(size: int, max_bytes: int) -> str:
    return _("%(size)s bytes; the limit is %(max)s.") % {"size": f"{size:,}", "max": f"{max_bytes:,}"}


@transaction.atomic
def inbound_refuse_oversized(*, mailbox: Mailbox, head: bytes, size: int, via: str) -> InboundOutcome:
    """Record a message too large to fetch, from its header block alone."""
    detail = _too_large(size, _limits()[0])
    reject = _reject(mailbox=mailbox, via=via, raw=head, reason="too_large", detail=detail)
    InboundReject.objects.filter(pk=reject.pk).update(size=size)
    return InboundOutcome(status="rejected", reject=reject)


@transaction.atomic
def inbound_receive(*, mailbox: Mailbox, raw: bytes, via: str, now: dt.datetime | None = None) -> InboundOutcome:
    """Receive one raw RFC 822 message for ``mailbox``; see the module docstring for the outcomes.

    One transaction: the conversation, the message, its attachments' rows
    and any acknowledgement commit together. The caller (the IMAP poller)
    marks the message seen on the server only after this returns.
    """
    now = now or timezone.now()
    if via not in InboundVia.values:
        raise ValueError(f"unknown inbound route {via!r}")
    max_bytes, max_parts, max_attachment = _limits()
    if len(raw) > max_bytes:
        detail = _too_large(len(raw), max_bytes)
        return InboundOutcome(
            status="rejected", reject=_reject(mailbox=mailbox, via=via, raw=raw, reason="too_large", detail=detail)
        )
    try:
        parsed = parse_email(raw, max_parts=max_parts, max_attachment_bytes=max_attachment)
    except Rejected as exc:
        reject = _reject(mailbox=mailbox, via=via, raw=raw, reason=exc.reason, detail=exc.detail)
        return InboundOutcome(status="rejected", reject=reject)
    if parsed.has_loop_header or parsed.from_address in _our_addresses():
        detail = _("Sent by WowDesk itself; answering it would start a mail loop.")
        reject = _reject(mailbox=mailbox, via=via, raw=raw, reason="loop", detail=detail, parsed=parsed)
        return InboundOutcome(status="ignored", reject=reject)
    if parsed.automatic is not None:
        return _automatic(mailbox=mailbox, parsed=parsed, raw=raw, via=via)
    if not parsed.from_address:
        detail = _("No From address we could read.")
        reject = _reject(mailbox=mailbox, via=via, raw=raw, reason="no_sender", detail=detail, parsed=parsed)
        return InboundOutcome(status="rejected", reject=reject)
    for attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return _store(mailbox=mailbox, parsed=parsed, raw_size=len(raw), via=via, now=now)
        except IntegrityError:
            # A concurrent delivery of the same message, or of another from the same new sender,
            # won a unique constraint; look again with its rows committed.
            if attempt == _ATTEMPTS - 1:
                raise
            logger.info("Inbound %s raced another delivery; retrying", parsed.message_id)
        except ValidationError as exc:
            detail = "; ".join(exc.messages)
            reject = _reject(mailbox=mailbox, via=via, raw=raw, reason="no_sender", detail=detail, parsed=parsed)
            return InboundOutcome(status="rejected", reject=reject)
    raise AssertionError("unreachable")  # pragma: no cover
