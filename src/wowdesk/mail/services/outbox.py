"""The outbox: queue an email in the caller's transaction, send it after commit, retry with backoff.

Every email WowDesk sends (replies, acknowledgements, contact-form
confirmations, and later survey invitations) goes through ``email_queue``:

1. A row is written to ``OutboundEmail`` inside the caller's transaction,
   with its Message-ID and threading headers fixed. If the transaction rolls
   back, nothing is queued; if it commits, the row is the promise to send.
2. ``transaction.on_commit`` enqueues ``deliver_outbound_email(id)``.
3. The task claims the row with one conditional UPDATE (a lease), sends it
   over SMTP outside any transaction, and marks it sent. A failed attempt
   is rescheduled with backoff; a refusal by the receiving server, or too
   many attempts, marks it failed with the reason.
4. ``outbox_enqueue_due`` (every minute, from the scheduler) re-enqueues rows
   whose retry is due and rows a crash left behind (lease expired), so a
   worker killed between commit and send loses nothing, and ``sent`` is
   final, so a retry never sends twice.

The one gap no outbox can close: if the SMTP server accepts a message and
the worker dies before recording it, the lease expires and it is sent again,
with the same Message-ID, which mail clients use to drop duplicates.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Mapping, Sequence
from email.headerregistry import Address
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, select_template
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation, TimelineEntry
from wowdesk.conversations.permissions import can_see_conversation
from wowdesk.core.errors import field_error
from wowdesk.core.text import one_line
from wowdesk.mail.models import DeliveryStatus, InboundMessage, Mailbox, OutboundEmail, OutboundKind
from wowdesk.mail.parsing import LOOP_HEADER
from wowdesk.mail.threads import domain_of, make_message_id, message_ids_in, references_chain, reply_address

logger = logging.getLogger(__name__)

# A claimed row is left alone this long; SMTP timeouts are 30 s, so only a dead worker exceeds it.
LEASE = dt.timedelta(minutes=5)
# Minutes to wait after the 1st, 2nd, ... failed attempt.
BACKOFF_MINUTES = (1, 2, 5, 15, 30, 60, 120, 240)
# A freshly queued row has its own task on the way; the sweeper waits this long before doubling up.
FRESH = dt.timedelta(minutes=1)
SWEEP_BATCH = 500


def _max_attempts() -> int:
    return int(settings.WOWDESK_MAIL_MAX_ATTEMPTS)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def sending_mailbox(conversation: Conversation | None) -> Mailbox | None:
    """The mailbox mail about ``conversation`` leaves from.

    The one its latest email arrived at; otherwise the active mailbox whose
    address is ``DEFAULT_FROM_EMAIL``'s, otherwise the first active one.
    """
    if conversation is not None:
        latest = (
            InboundMessage.objects.filter(conversation=conversation, mailbox__is_active=True)
            .select_related("mailbox")
            .order_by("-received_at", "-id")
            .first()
        )
        if latest is not None:
            return latest.mailbox
    default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    active = Mailbox.objects.filter(is_active=True).order_by("id")
    return active.filter(address__iexact=default_address).first() or active.first()


def _from_header(mailbox: Mailbox | None) -> str:
    if mailbox is None:
        return str(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(mailbox.name, 100), mailbox.address))


def _enqueue_after_commit(outbound_id: int) -> None:
    from wowdesk.mail.tasks import deliver_outbound_email

    transaction.on_commit(lambda: deliver_outbound_email.enqueue(outbound_id))


@transaction.atomic
def email_queue(
    *,
    to_address: str,
    subject: str,
    body_text: str,
    kind: str = OutboundKind.NOTIFICATION,
    to_name: str = "",
    body_html: str = "",
    conversation: Conversation | None = None,
    entry: TimelineEntry | None = None,
    mailbox: Mailbox | None = None,
    created_by: User | None = None,
    in_reply_to: str = "",
    references: Sequence[str] = (),
    reply_to: str = "",
    headers: Mapping[str, str] | None = None,
) -> OutboundEmail:
    """Queue one email; it is sent after the surrounding transaction commits.

    Reusable for any mail (replies, confirmations, survey invitations). The
    subject and names are flattened to one line, so no value can add a
    header; ``headers`` may only carry the few extra headers WowDesk uses.
    Raises ValidationError on ``to_address`` for an unusable address.
    """
    to_address = to_address.strip()
    try:
        validate_email(to_address)
    except ValidationError as exc:
        raise field_error("to_address", _("Enter a valid email address.")) from exc
    if kind not in OutboundKind.values:
        raise field_error("kind", _("Unknown kind of email."))
    from_header = _from_header(mailbox)
    row = OutboundEmail.objects.create(
        kind=kind,
        mailbox=mailbox,
        conversation=conversation,
        entry=entry,
        created_by=created_by,
        from_header=from_header,
        to_address=to_address,
        to_name=one_line(to_name, 200),
        reply_to=reply_to,
        subject=one_line(subject, 500) or _("(no subject)"),
        body_text=body_text,
        body_html=body_html,
        message_id=make_message_id(domain=domain_of(from_header)),
        in_reply_to=in_reply_to,
        references=" ".join(references),
        headers={str(k): one_line(str(v), 200) for k, v in (headers or {}).items()},
    )
    _enqueue_after_commit(row.pk)
    return row


def render_email(template: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Render ``<template>.subject.txt``, ``<template>.txt`` and, if it exists, ``<template>.html``."""
    subject = get_template(f"{template}.subject.txt").render(dict(context)).strip()
    text = get_template(f"{template}.txt").render(dict(context))
    try:
        html = select_template([f"{template}.html"]).render(dict(context))
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def email_queue_template(*, template: str, context: Mapping[str, Any], to_address: str, **kwargs: Any) -> OutboundEmail:
    """``email_queue`` with the subject and bodies rendered from templates (see ``render_email``)."""
    subject, text, html = render_email(template, context)
    return email_queue(to_address=to_address, subject=subject, body_text=text, body_html=html, **kwargs)


def _thread_parent(conversation: Conversation) -> tuple[str, list[str], str, str]:
    """(parent Message-ID, its References, recipient address, recipient name) for a reply.

    The customer's latest email when there is one; otherwise the latest mail
    we sent (such as a contact-form confirmation).
    """
    inbound = (
        InboundMessage.objects.filter(conversation__in=_thread_ids(conversation))
        .order_by("-received_at", "-id")
        .first()
    )
    if inbound is not None:
        return (
            inbound.message_id,
            message_ids_in(inbound.references),
            inbound.from_address,
            inbound.from_name,
        )
    outbound = (
        OutboundEmail.objects.filter(conversation__in=_thread_ids(conversation))
        .exclude(to_address="")
        .order_by("-created_at", "-id")
        .first()
    )
    if outbound is not None:
        return outbound.message_id, message_ids_in(outbound.references), outbound.to_address, outbound.to_name
    email = conversation.customer.emails.order_by("-is_primary", "id").first()
    return "", [], email.email if email else "", conversation.customer.name


def _thread_ids(conversation: Conversation) -> list[int]:
    merged = Conversation.objects.filter(merged_into=conversation).values_list("pk", flat=True)
    return [conversation.pk, *merged]


def reply_subject(subject: str) -> str:
    subject = one_line(subject, 480) or _("Your message")
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def reply_email_queue(entry: TimelineEntry) -> OutboundEmail:
    """Queue the email for a rep's reply (the ``conversations.outbound`` sender for email and web form).

    Precondition: called inside the transaction that recorded ``entry``.
    With no address to write to, the row is stored as failed with that
    reason, so the rep sees at once that the customer did not get it.
    """
    conversation = entry.conversation
    parent, parent_refs, to_address, to_name = _thread_parent(conversation)
    mailbox = sending_mailbox(conversation)
    reply_to = ""
    if mailbox is not None and mailbox.reply_token_addresses:
        reply_to = reply_address(mailbox_address=mailbox.address, conversation_id=conversation.pk)
    common: dict[str, Any] = {
        "kind": OutboundKind.REPLY,
        "conversation": conversation,
        "entry": entry,
        "mailbox": mailbox,
        "created_by": entry.author,
        "subject": reply_subject(conversation.subject),
        "body_text": entry.body,
        "in_reply_to": parent,
        "references": references_chain(parent_refs, parent or None),
        "reply_to": reply_to,
    }
    try:
        return email_queue(to_address=to_address, to_name=to_name or conversation.customer.name, **common)
    except ValidationError:
        return OutboundEmail.objects.create(
            **{k: v for k, v in common.items() if k != "references"},
            references=" ".join(common["references"]),
            from_header=_from_header(mailbox),
            to_address="",
            to_name=one_line(conversation.customer.name, 200),
            message_id=make_message_id(domain=domain_of(_from_header(mailbox))),
            status=DeliveryStatus.FAILED,
            failed_at=timezone.now(),
            last_error=_("The customer has no email address. Add one on their profile, then retry."),
        )


def build_message(row: OutboundEmail) -> EmailMultiAlternatives:
    """The message as it goes on the wire; headers are values Python's email policy encodes.

    Display names go through ``Address`` so a comma, quote or non-ASCII name
    is quoted or encoded properly; every value was flattened to one line when
    queued, and ``email.policy.default`` refuses CR or LF in any header.
    """
    to = str(Address(display_name=one_line(row.to_name, 200), addr_spec=row.to_address))
    headers: dict[str, str] = {"Message-ID": row.message_id, LOOP_HEADER: domain_of(row.from_header)}
    if row.in_reply_to:
        headers["In-Reply-To"] = row.in_reply_to
    if row.references:
        headers["References"] = row.references
    headers.update(row.headers)
    message = EmailMultiAlternatives(
        subject=one_line(row.subject, 500),
        body=row.body_text,
        from_email=row.from_header,
        to=[to],
        reply_to=[row.reply_to] if row.reply_to else None,
        headers=headers,
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def smtp_send(message: EmailMultiAlternatives) -> None:
    """Hand one message to the configured mailer (SMTP in production). Raises on failure."""
    mailers.default.send_messages([message])


class PermanentFailure(Exception):
    """Retrying cannot help: the receiving server refused the message, or it cannot be built."""


def _classify(exc: Exception) -> bool:
    """True if ``exc`` is permanent (a 5xx refusal of the message or its recipient)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        # Our own configuration: an admin can fix it, and the retries will then go through.
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return isinstance(exc, PermanentFailure | ValueError | TypeError)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return one_line(f"{exc.smtp_code} {detail}", 900)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{addr}: {code} {msg.decode('utf-8', 'replace')}" for addr, (code, msg) in exc.recipients.items()]
        return one_line("; ".join(parts), 900)
    return one_line(f"{type(exc).__name__}: {exc}", 900)


def _claim(outbound_id: int, now: dt.datetime) -> bool:
    """Take the row for one attempt; False when it is sent, failed, not due, or another worker has it.

    One UPDATE with the conditions in its WHERE clause: atomic on both
    databases without holding a lock while SMTP talks.
    """
    claimed = (
        OutboundEmail.objects.filter(pk=outbound_id, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE, attempts=F("attempts") + 1)
    )
    return claimed == 1


def outbound_deliver(*, outbound_id: int, now: dt.datetime | None = None) -> str:
    """Send one queued email (the task's body); returns ``sent``, ``retry``, ``failed`` or ``skipped``.

    Idempotent: a row that is sent, failed, not yet due or being sent by
    another worker is skipped. Runs outside any transaction; each write is
    one statement.
    """
    now = now or timezone.now()
    if not _claim(outbound_id, now):
        return "skipped"
    row = OutboundEmail.objects.get(pk=outbound_id)
    try:
        smtp_send(build_message(row))
    except Exception as exc:  # every failure is recorded on the row; none is lost
        return _record_failure(row, exc, now=now)
    OutboundEmail.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return "sent"


def _record_failure(row: OutboundEmail, exc: Exception, *, now: dt.datetime) -> str:
    error = _error_text(exc)
    attempts = row.attempts
    if _classify(exc) or attempts >= _max_attempts():
        logger.warning("Outbound email %s failed for good: %s", row.pk, error)
        OutboundEmail.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.FAILED, failed_at=now, lease_until=None, last_error=error
        )
        return "failed"
    logger.info("Outbound email %s attempt %s failed, will retry: %s", row.pk, attempts, error)
    OutboundEmail.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        next_attempt_at=now + backoff(attempts), lease_until=None, last_error=error
    )
    return "retry"


def outbox_enqueue_due(*, now: dt.datetime | None = None) -> list[int]:
    """Enqueue delivery for every queued row that is due and not being worked on; returns their ids.

    Picks up retries whose backoff has passed and rows whose worker died
    (lease expired) or whose on-commit enqueue never happened. Rows queued in
    the last minute are left to the task their own commit enqueued.
    """
    from wowdesk.mail.tasks import deliver_outbound_email

    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(Q(attempts__gt=0) | Q(created_at__lt=now - FRESH))
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in due:
        deliver_outbound_email.enqueue(pk)
    return due


def can_retry(user: User, row: OutboundEmail) -> bool:
    """Whoever may see the conversation may retry its mail; mail without one is for leads and admins."""
    if row.conversation is None:
        return user.sees_everything
    return can_see_conversation(user, row.conversation)


@transaction.atomic
def outbound_retry(*, actor: User, outbound: OutboundEmail) -> OutboundEmail:
    """Queue a failed email again (the retry button); it is sent after commit.

    A sent email is never sent again. A reply that failed for want of an
    address picks up the customer's address, if they have one now.
    """
    # Lock only the outbox row: PostgreSQL cannot lock the nullable side of the join to the conversation.
    row = (
        OutboundEmail.objects.select_for_update(of=("self",))
        .select_related("conversation__customer")
        .get(pk=outbound.pk)
    )
    if not can_retry(actor, row):
        raise PermissionDenied(_("You may not retry this email."))
    if row.status == DeliveryStatus.SENT:
        raise field_error("status", _("This email was already sent."))
    if row.status == DeliveryStatus.QUEUED:
        raise field_error("status", _("This email is already queued and will be sent shortly."))
    fields = ["status", "attempts", "next_attempt_at", "lease_until", "failed_at", "last_error"]
    if not row.to_address and row.conversation is not None:
        email = row.conversation.customer.emails.order_by("-is_primary", "id").first()
        if email is None:
            raise field_error("to_address", _("The customer still has no email address; add one first."))
        row.to_address = email.email
        fields.append("to_address")
    row.status = DeliveryStatus.QUEUED
    row.attempts = 0
    row.next_attempt_at = timezone.now()
    row.lease_until = None
    row.failed_at = None
    row.last_error = ""
    row.save(update_fields=fields)
    _enqueue_after_commit(row.pk)
    return row


def outbound_mark_bounced(*, outbound: OutboundEmail, detail: str) -> None:
    """Record that the receiving side bounced mail we had sent (from a delivery report)."""
    OutboundEmail.objects.filter(pk=outbound.pk).exclude(status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.FAILED,
        failed_at=timezone.now(),
        lease_until=None,
        last_error=one_line(_("Bounced: %(detail)s") % {"detail": detail or _("no reason given")}, 900),
    )
