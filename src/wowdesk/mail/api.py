"""JSON API for the email channel: the relay endpoint, the outbox and retries, mailboxes, rejects, attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from wowdesk.accounts.models import Team
from wowdesk.accounts.selectors import team_get
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, paged, referenced
from wowdesk.api.errors import ERRORS, ErrorOut
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import field_error
from wowdesk.mail.auth import RelaySecretAuth
from wowdesk.mail.models import InboundVia, Mailbox, OutboundEmail
from wowdesk.mail.permissions import can_manage_mailboxes, can_view_mail_admin
from wowdesk.mail.schemas import (
    InboundOut,
    MailboxIn,
    MailboxOut,
    OutboundEmailOut,
    OutboundEmailPageOut,
    OutboxQuery,
    RejectOut,
    RejectPageOut,
    RejectQuery,
    RelaySecretOut,
)
from wowdesk.mail.selectors import (
    attachment_get_for_user,
    mailbox_get_for_user,
    mailbox_list,
    outbound_for_conversation,
    outbound_get_for_user,
    outbound_page,
    reject_get_for_user,
    reject_page,
)
from wowdesk.mail.services.inbound import inbound_receive
from wowdesk.mail.services.mailboxes import mailbox_create, mailbox_rotate_relay_secret, mailbox_update
from wowdesk.mail.services.outbox import outbound_retry

router = Router(tags=["email"])
CHUNK = 1024 * 1024
RAW_BODY = {
    "requestBody": {
        "required": True,
        "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}},
        "description": "One raw RFC 822 message, exactly as received (headers, blank line, body).",
    }
}


def _read_raw(request: HttpRequest) -> bytes:
    """The request body, read in chunks up to the message size limit (not Django's form-data limit)."""
    limit = int(settings.WOWDESK_MAIL_MAX_MESSAGE_BYTES)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limit:
        raise RequestDataTooBig("message too large")
    chunks: list[bytes] = []
    size = 0
    while chunk := request.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise RequestDataTooBig("message too large")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/mail/inbound",
    auth=RelaySecretAuth(),
    response={200: InboundOut, 201: InboundOut, 202: InboundOut, 401: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    operation_id="mail_inbound",
    openapi_extra=RAW_BODY,
)
def mail_inbound(request: HttpRequest) -> Status[dict[str, Any]]:
    """A mail relay posts one raw message for the mailbox its secret belongs to.

    Authenticate with the mailbox's relay secret (`Authorization: Bearer wdm_…`,
    created on the mailbox page). Answers **201** when the message opened or
    joined a conversation, **200** when it was already received (same
    Message-ID, so retrying is safe), **202** for automatic mail (out-of-office,
    bounces, delivery reports: recorded, never answered), **422** on `message`
    when it cannot be stored (malformed, too many parts), **413** over the size limit.
    """
    mailbox: Mailbox = request.auth  # type: ignore[attr-defined]
    raw = _read_raw(request)
    if not raw.strip():
        raise field_error("message", _("The body is empty; post the raw message."))
    outcome = inbound_receive(mailbox=mailbox, raw=raw, via=InboundVia.RELAY)
    body = {
        "outcome": outcome.status,
        "conversation_id": outcome.conversation_id,
        "opened_conversation": outcome.opened,
        "reason": outcome.reject.reason if outcome.reject else None,
        "detail": outcome.reject.detail if outcome.reject else "",
    }
    if outcome.status == "rejected":
        assert outcome.reject is not None
        # The reject is already recorded (and committed) for an admin to see.
        raise field_error("message", f"{outcome.reject.get_reason_display()}: {outcome.reject.detail}")
    code = {"accepted": 201, "duplicate": 200, "ignored": 202}[outcome.status]
    return Status(code, body)


@router.get("/mail/outbox", response={200: OutboundEmailPageOut, **ERRORS}, operation_id="outbound_list")
def outbound_list(request: HttpRequest, filters: Query[OutboxQuery]) -> dict[str, Any]:
    """Email on conversations you may see, newest first; filter by delivery state."""
    user = actor(request)
    status = filters.status or ""
    return paged(filters, lambda cursor, size: outbound_page(user=user, status=status, cursor=cursor, size=size))


@router.get("/mail/outbox/{pk}", response={200: OutboundEmailOut, **ERRORS}, operation_id="outbound_get")
def outbound_get(request: HttpRequest, pk: PathId) -> OutboundEmail:
    return outbound_get_for_user(user=actor(request), pk=pk)


@router.post("/mail/outbox/{pk}/retry", response={200: OutboundEmailOut, **ERRORS}, operation_id="outbound_retry")
def outbound_retry_endpoint(request: HttpRequest, pk: PathId) -> OutboundEmail:
    """Queue a failed email again; it is sent after this request commits. A sent email is a 422."""
    user = actor(request)
    with transaction.atomic():
        row = outbound_get_for_user(user=user, pk=pk)
        outbound_retry(actor=user, outbound=row)
    return outbound_get_for_user(user=user, pk=pk)


@router.get(
    "/conversations/{pk}/emails",
    response={200: OutboundEmailPageOut, **ERRORS},
    operation_id="conversation_emails",
)
def conversation_emails(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    """The delivery state of every email sent on this conversation, newest first."""
    conversation = conversation_get_for_user(user=actor(request), pk=pk)
    return paged(
        page, lambda cursor, size: outbound_for_conversation(conversation=conversation, cursor=cursor, size=size)
    )


def _require_viewer(request: HttpRequest) -> None:
    if not can_view_mail_admin(actor(request)):
        raise PermissionDenied(_("Mailbox settings are for leads and admins."))


def _team(pk: int | None) -> Team | None:
    return None if pk is None else referenced("team_id", lambda: team_get(pk=pk))


@router.get("/mail/mailboxes", response={200: list[MailboxOut], **ERRORS}, operation_id="mailbox_list")
def mailbox_list_endpoint(request: HttpRequest) -> list[Mailbox]:
    """Every mailbox (a short list). Leads and admins."""
    _require_viewer(request)
    return mailbox_list(user=actor(request))


def _fields(payload: MailboxIn) -> tuple[dict[str, Any], str | None]:
    data = payload.dict(exclude={"team_id", "imap_password"})
    data["team"] = _team(payload.team_id)
    return data, payload.imap_password


@router.post("/mail/mailboxes", response={201: MailboxOut, **ERRORS}, operation_id="mailbox_create")
def mailbox_create_endpoint(request: HttpRequest, payload: MailboxIn) -> Status[Mailbox]:
    """Add a mailbox (admins). Create its relay secret separately."""
    user = actor(request)
    if not can_manage_mailboxes(user):
        raise PermissionDenied(_("Only administrators can add mailboxes."))
    with transaction.atomic():
        fields, password = _fields(payload)
        mailbox = mailbox_create(actor=user, imap_password=password, **fields)
    return Status(201, mailbox)


@router.get("/mail/mailboxes/{pk}", response={200: MailboxOut, **ERRORS}, operation_id="mailbox_get")
def mailbox_get(request: HttpRequest, pk: PathId) -> Mailbox:
    return mailbox_get_for_user(user=actor(request), pk=pk)


@router.put("/mail/mailboxes/{pk}", response={200: MailboxOut, **ERRORS}, operation_id="mailbox_update")
def mailbox_update_endpoint(request: HttpRequest, pk: PathId, payload: MailboxIn) -> Mailbox:
    """Replace a mailbox's settings (admins). The stored password is kept unless `imap_password` is given."""
    user = actor(request)
    with transaction.atomic():
        mailbox = mailbox_get_for_user(user=user, pk=pk)
        fields, password = _fields(payload)
        mailbox_update(actor=user, mailbox=mailbox, imap_password=password, **fields)
    return mailbox_get_for_user(user=user, pk=pk)


@router.post(
    "/mail/mailboxes/{pk}/relay-secret", response={201: RelaySecretOut, **ERRORS}, operation_id="mailbox_relay_secret"
)
def mailbox_relay_secret(request: HttpRequest, pk: PathId) -> Status[dict[str, Any]]:
    """Create a new relay secret (admins); the old one stops working. The secret is shown only here."""
    user = actor(request)
    with transaction.atomic():
        mailbox = mailbox_get_for_user(user=user, pk=pk)
        secret = mailbox_rotate_relay_secret(actor=user, mailbox=mailbox)
    return Status(201, {"mailbox_id": mailbox.pk, "secret": secret})


@router.get("/mail/rejects", response={200: RejectPageOut, **ERRORS}, operation_id="reject_list")
def reject_list(request: HttpRequest, filters: Query[RejectQuery]) -> dict[str, Any]:
    """Inbound mail that did not become a conversation message, and why. Leads and admins."""
    _require_viewer(request)
    user = actor(request)
    reason = filters.reason or ""
    return paged(filters, lambda cursor, size: reject_page(user=user, reason=reason, cursor=cursor, size=size))


@router.get("/mail/rejects/{pk}", response={200: RejectOut, **ERRORS}, operation_id="reject_get")
def reject_get(request: HttpRequest, pk: PathId) -> Any:
    return reject_get_for_user(user=actor(request), pk=pk)


@router.get(
    "/mail/attachments/{key}",
    response={200: None, **ERRORS},
    operation_id="attachment_download",
    openapi_extra={
        "responses": {"200": {"description": "The file, as a download", "content": {"application/octet-stream": {}}}}
    },
)
def attachment_download(request: HttpRequest, key: Path[str]) -> FileResponse:
    """An email attachment, always as a download (`application/octet-stream`)."""
    if len(key) > 32:
        raise field_error("key", _("No such attachment."))
    attachment = attachment_get_for_user(user=actor(request), key=key)
    response = FileResponse(
        default_storage.open(attachment.storage_name, "rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
