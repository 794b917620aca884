"""API schemas for the email channel."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from wowdesk.api.common import Id, PageQuery, TeamRefOut, Text
from wowdesk.mail.models import DeliveryStatus, ImapSecurity, InboundVia, OutboundKind, RejectReason


class OutboundEmailOut(Schema):
    """One email WowDesk sent or will send, with its delivery state."""

    id: int
    kind: OutboundKind
    conversation_id: int | None
    entry_id: int | None = Field(None, description="The timeline entry (a reply) this email carries")
    to_address: str
    to_name: str
    subject: str
    message_id: str
    in_reply_to: str
    status: DeliveryStatus = Field(..., description="queued, sent or failed")
    attempts: int
    last_error: str = Field(..., description="Why the last attempt failed (a failed email's reason)")
    next_attempt_at: dt.datetime
    created_at: dt.datetime
    sent_at: dt.datetime | None
    failed_at: dt.datetime | None


class OutboundEmailPageOut(Schema):
    items: list[OutboundEmailOut]
    next_cursor: str | None


class OutboxQuery(PageQuery):
    status: DeliveryStatus | None = None


class MailboxOut(Schema):
    id: int
    name: str
    address: str
    team: TeamRefOut | None
    is_active: bool
    send_acknowledgements: bool
    reply_token_addresses: bool
    has_relay_secret: bool
    relay_secret_prefix: str
    imap_enabled: bool
    imap_host: str
    imap_port: int
    imap_security: ImapSecurity
    imap_username: str
    imap_password_env: str
    has_stored_password: bool
    imap_folder: str
    last_polled_at: dt.datetime | None
    last_poll_error: str


class MailboxIn(Schema):
    name: Text = Field(..., max_length=100)
    address: Text = Field(..., max_length=254)
    team_id: Id | None = None
    is_active: bool = True
    send_acknowledgements: bool = True
    reply_token_addresses: bool = True
    imap_enabled: bool = False
    imap_host: Text = Field("", max_length=255)
    imap_port: int = Field(993, ge=1, le=65535)
    imap_security: ImapSecurity = ImapSecurity.SSL
    imap_username: Text = Field("", max_length=255)
    imap_password_env: Text = Field("", max_length=100)
    imap_password: Text | None = Field(
        None, max_length=500, description="Stored encrypted; write-only. Omit to keep, empty string to remove."
    )
    imap_folder: Text = Field("INBOX", max_length=200)


class RelaySecretOut(Schema):
    mailbox_id: int
    secret: str = Field(..., description="Shown only in this response; only a digest is stored")


class InboundOut(Schema):
    """What became of a relayed message."""

    outcome: Literal["accepted", "duplicate", "ignored", "rejected"]
    conversation_id: int | None
    opened_conversation: bool
    reason: RejectReason | None = Field(None, description="For ignored or rejected mail")
    detail: str = ""


class RejectOut(Schema):
    id: int
    mailbox_id: int | None
    reason: RejectReason
    detail: str
    via: InboundVia
    from_address: str
    subject: str
    message_id: str
    size: int
    conversation_id: int | None
    outbound_id: int | None
    received_at: dt.datetime


class RejectPageOut(Schema):
    items: list[RejectOut]
    next_cursor: str | None


class RejectQuery(PageQuery):
    reason: RejectReason | None = None
