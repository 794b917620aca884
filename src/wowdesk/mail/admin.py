"""Back-office screens for email. Secrets and passwords are never shown; records of what happened are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wowdesk.mail.models import (
    AcknowledgementLedger,
    CaughtEmail,
    InboundMessage,
    InboundReject,
    MailAttachment,
    Mailbox,
    OutboundEmail,
)


class ReadOnly:
    """A record of what happened: viewable, never added or edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    list_display = ["name", "address", "team", "is_active", "imap_enabled", "last_polled_at"]
    list_select_related = ["team"]
    search_fields = ["name", "address"]
    exclude = ["relay_secret_digest", "imap_password_encrypted", "poll_lease_until"]
    readonly_fields = ["relay_secret_prefix", "last_polled_at", "last_poll_error"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnly, admin.ModelAdmin[OutboundEmail]):
    list_display = ["id", "kind", "to_address", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject", "message_id"]
    raw_id_fields = ["conversation", "entry", "created_by", "mailbox"]


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnly, admin.ModelAdmin[InboundMessage]):
    list_display = ["id", "mailbox", "from_address", "subject", "thread_match", "via", "received_at"]
    list_filter = ["via", "thread_match"]
    list_select_related = ["mailbox"]
    search_fields = ["from_address", "subject", "message_id"]
    raw_id_fields = ["conversation", "entry"]


@admin.register(MailAttachment)
class MailAttachmentAdmin(ReadOnly, admin.ModelAdmin[MailAttachment]):
    list_display = ["id", "filename", "content_type", "size", "created_at"]
    search_fields = ["filename"]
    raw_id_fields = ["inbound", "conversation"]


@admin.register(InboundReject)
class InboundRejectAdmin(ReadOnly, admin.ModelAdmin[InboundReject]):
    list_display = ["id", "reason", "from_address", "subject", "mailbox", "via", "received_at"]
    list_filter = ["reason", "via"]
    list_select_related = ["mailbox"]
    search_fields = ["from_address", "subject", "message_id"]
    raw_id_fields = ["conversation", "outbound"]


@admin.register(AcknowledgementLedger)
class AcknowledgementLedgerAdmin(ReadOnly, admin.ModelAdmin[AcknowledgementLedger]):
    list_display = ["address", "last_sent_at"]
    search_fields = ["address"]


@admin.register(CaughtEmail)
class CaughtEmailAdmin(ReadOnly, admin.ModelAdmin[CaughtEmail]):
    list_display = ["id", "subject", "mail_from", "received_at"]
    exclude = ["raw"]
