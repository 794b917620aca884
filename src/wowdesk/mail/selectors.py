"""Reads for the email channel: mailboxes, the outbox, rejects, attachments, caught mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation, TimelineEntry
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.pagination import Page, paginate
from wowdesk.mail.models import (
    CaughtEmail,
    DeliveryStatus,
    InboundReject,
    MailAttachment,
    Mailbox,
    OutboundEmail,
    RejectReason,
)
from wowdesk.mail.permissions import attachments_visible_to, can_view_mail_admin, outbound_visible_to

RECENT = ("-created_at", "-id")


def mailbox_list(*, user: User) -> list[Mailbox]:
    """Every mailbox (a short list), for leads and admins."""
    if not can_view_mail_admin(user):
        return []
    return list(Mailbox.objects.select_related("team").order_by("name", "id"))


def mailbox_get_for_user(*, user: User, pk: int) -> Mailbox:
    if not can_view_mail_admin(user):
        raise NotFound("No such mailbox.")
    mailbox = Mailbox.objects.select_related("team").filter(pk=pk).first()
    if mailbox is None:
        raise NotFound("No such mailbox.")
    return mailbox


def outbound_page(*, user: User, status: str = "", cursor: str | None, size: int) -> Page[OutboundEmail]:
    """Mail the user may see (by its conversation), newest first, optionally one delivery state."""
    if status and status not in DeliveryStatus.values:
        raise field_error("status", _("Choose one of: %(values)s.") % {"values": ", ".join(DeliveryStatus.values)})
    qs = outbound_visible_to(user).select_related("conversation__customer", "created_by")
    if status:
        qs = qs.filter(status=status)
    return paginate(qs, ordering=RECENT, cursor=cursor, size=size)


def outbound_for_conversation(*, conversation: Conversation, cursor: str | None, size: int) -> Page[OutboundEmail]:
    """Precondition: the caller may see ``conversation`` (it came from the conversation getter)."""
    qs = OutboundEmail.objects.filter(conversation=conversation).select_related("conversation__customer", "created_by")
    return paginate(qs, ordering=RECENT, cursor=cursor, size=size)


def outbound_get_for_user(*, user: User, pk: int) -> OutboundEmail:
    row = outbound_visible_to(user).select_related("conversation__customer", "created_by").filter(pk=pk).first()
    if row is None:
        raise NotFound("No such email.")
    return row


def deliveries_for_entries(entries: Iterable[TimelineEntry]) -> dict[int, OutboundEmail]:
    """The outbox row of each reply among ``entries`` (one query), for the conversation page.

    Precondition: the entries come from a conversation the viewer may see.
    """
    ids = [e.pk for e in entries if e.kind == "outbound"]
    if not ids:
        return {}
    return {row.entry_id: row for row in OutboundEmail.objects.filter(entry_id__in=ids) if row.entry_id is not None}


def reject_page(*, user: User, reason: str = "", cursor: str | None, size: int) -> Page[InboundReject]:
    if reason and reason not in RejectReason.values:
        raise field_error("reason", _("Choose one of: %(values)s.") % {"values": ", ".join(RejectReason.values)})
    if not can_view_mail_admin(user):
        return Page(items=[], next_cursor=None)
    qs = InboundReject.objects.select_related("mailbox")
    if reason:
        qs = qs.filter(reason=reason)
    return paginate(qs, ordering=("-received_at", "-id"), cursor=cursor, size=size)


def reject_get_for_user(*, user: User, pk: int) -> InboundReject:
    if not can_view_mail_admin(user):
        raise NotFound("No such reject.")
    reject = InboundReject.objects.select_related("mailbox").filter(pk=pk).first()
    if reject is None:
        raise NotFound("No such reject.")
    return reject


def attachment_get_for_user(*, user: User, key: str) -> MailAttachment:
    attachment = attachments_visible_to(user).filter(key=key).first()
    if attachment is None:
        raise NotFound("No such attachment.")
    return attachment


def caught_page(*, user: User, cursor: str | None, size: int) -> Page[CaughtEmail]:
    if not can_view_mail_admin(user):
        return Page(items=[], next_cursor=None)
    qs = CaughtEmail.objects.defer("raw")
    return paginate(qs, ordering=("-received_at", "-id"), cursor=cursor, size=size)


def caught_get_for_user(*, user: User, pk: int) -> CaughtEmail:
    if not can_view_mail_admin(user):
        raise NotFound("No such message.")
    caught = CaughtEmail.objects.filter(pk=pk).first()
    if caught is None:
        raise NotFound("No such message.")
    return caught
