"""Turn raw RFC 822 bytes into what WowDesk stores, with the standard library's ``email`` package.

Parsing uses ``email.policy.default``. Nothing here touches the database, so
every malformed, hostile or automatic message can be tested as plain data.
Hostile input is refused before it costs much: a message whose raw text has
far more MIME boundary lines than any real mail is rejected before parsing,
and the parsed tree is walked iteratively with limits on parts and depth.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from wowdesk.core.text import clean_text, one_line
from wowdesk.mail.threads import message_ids_in

# Nesting deeper than this is not something a mail client produces.
MAX_DEPTH = 25
SUBJECT_LENGTH = 300
NAME_LENGTH = 200
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|autoreply|out of (the )?office|abwesenheitsnotiz|r[ée]ponse automatique)\b",
    re.IGNORECASE,
)
_BOUNCE_SENDERS = {"mailer-daemon", "postmaster"}
_BULK_PRECEDENCE = {"bulk", "junk", "list"}
_AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder")
# The loop marker WowDesk puts on everything it sends.
LOOP_HEADER = "X-WowDesk-Loop"


class Rejected(Exception):
    """The message cannot be stored; ``reason`` is a ``RejectReason`` value."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    data: bytes  # empty when the file was over the size limit
    too_large: bool = False


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    from_address: str
    from_name: str
    recipients: list[str]
    subject: str
    sent_at: dt.datetime | None
    in_reply_to: list[str]
    references: list[str]
    text: str
    html: str
    attachments: list[Attachment] = field(default_factory=list)
    # Set for automatic mail: (RejectReason value, why).
    automatic: tuple[str, str] | None = None
    # For a bounce or delivery report: Message-IDs of the mail it is about.
    reported_message_ids: list[str] = field(default_factory=list)
    report_detail: str = ""
    has_loop_header: bool = False

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this one answers, nearest first."""
        ids = list(self.in_reply_to)
        ids.extend(mid for mid in reversed(self.references) if mid not in ids)
        return ids


def _decode(payload: bytes, charset: str | None) -> str:
    """Bytes to text, surviving unknown or lying charsets."""
    name = (charset or "utf-8").strip().strip('"').lower()
    try:
        codecs.lookup(name)
    except LookupError:
        name = "utf-8"
    try:
        return payload.decode(name)
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def _raw_header(msg: Message, name: str) -> str | None:
    """A header as it was sent, with encoded words decoded by our charset rules (see ``_decode``).

    ``email.policy.default`` turns words in an unknown charset into U+FFFD;
    undeclared 8-bit names are usually Windows-1252, which this recovers.
    """
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            try:
                pieces = decode_header(str(value))
            except Exception:  # undecodable: keep the header as sent
                return clean_text(str(value))
            out = [
                chunk if isinstance(chunk, str) else _decode(chunk, charset) if charset else _decode(chunk, None)
                for chunk, charset in pieces
            ]
            return clean_text("".join(out))
    return None


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header must not sink the message
        return _raw_header(msg, name) or ""
    if value is None:
        return ""
    text = clean_text(str(value))
    if "\ufffd" in text:
        text = _raw_header(msg, name) or text
    return text


def _addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name in names:
        try:
            values = msg.get_all(name) or []
            pairs = getaddresses([str(v) for v in values])
        except Exception:  # noqa: S112 - an unreadable address header yields no address
            continue
        if any("\ufffd" in display for display, _addr in pairs):
            raw = _raw_header(msg, name)
            pairs = getaddresses([raw]) if raw else pairs
        for display, addr in pairs:
            addr = clean_text(addr).strip().lower()
            if "@" in addr and " " not in addr and len(addr) <= 254:
                found.append((one_line(display, NAME_LENGTH), addr))
    return found


def _walk(msg: Message, *, max_parts: int) -> list[Message]:
    """Every part, depth-first, refusing trees too wide or too deep (iterative: no recursion)."""
    parts: list[Message] = []
    stack: list[tuple[Message, int]] = [(msg, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Rejected("too_many_parts", f"MIME parts are nested more than {MAX_DEPTH} deep.")
        parts.append(part)
        if len(parts) > max_parts:
            raise Rejected("too_many_parts", f"More than {max_parts} MIME parts.")
        # A forwarded message (message/rfc822) is kept whole as an attachment, not opened.
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend((child, depth + 1) for child in reversed(children) if isinstance(child, Message))
    return parts


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # broken transfer encoding: keep what we can
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def _text_of(part: Message) -> str:
    return clean_text(_decode(_payload_bytes(part), part.get_content_charset()))


def _filename(part: Message, index: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # an unreadable filename gets a generated one
        name = ""
    # Keep a readable name; never a path.
    name = one_line(name.replace("\\", "/").rsplit("/", 1)[-1], 200).strip(". ")
    if not name and part.get_content_type() == "message/rfc822":
        name = f"forwarded-{index}.eml"
    if not name:
        subtype = part.get_content_subtype() or "bin"
        name = f"attachment-{index}.{re.sub(r'[^a-z0-9]', '', subtype.lower())[:10] or 'bin'}"
    return name


def _automatic(msg: Message, parts: list[Message], from_address: str) -> tuple[str, str] | None:
    """Why this message is automatic mail that must not open a conversation, or None."""
    content_type = msg.get_content_type()
    param = msg.get_param("report-type") if content_type == "multipart/report" else None
    report_type = param.lower() if isinstance(param, str) else ""
    if report_type == "delivery-status" or any(p.get_content_type() == "message/delivery-status" for p in parts):
        return "bounce", "Delivery status notification (RFC 3464)."
    if report_type == "disposition-notification" or any(
        p.get_content_type() == "message/disposition-notification" for p in parts
    ):
        return "auto_reply", "Read receipt (message disposition notification)."
    local = from_address.partition("@")[0]
    return_path = _header(msg, "Return-Path").strip()
    if local in _BOUNCE_SENDERS or return_path == "<>":
        return "bounce", f"Sent by {from_address or 'the null sender'}."
    auto_submitted = _header(msg, "Auto-Submitted").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return "auto_reply", f"Auto-Submitted: {auto_submitted[:100]}."
    precedence = _header(msg, "Precedence").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return "bulk", f"Precedence: {precedence}."
    if precedence == "auto_reply":
        return "auto_reply", "Precedence: auto_reply."
    for name in _AUTO_HEADERS:
        if msg.get(name) is not None:
            return "auto_reply", f"{name} header."
    if _AUTO_SUBJECT.match(_header(msg, "Subject")):
        return "auto_reply", "The subject says it is an automatic reply."
    return None


def _report_details(parts: list[Message]) -> tuple[list[str], str]:
    """For a bounce: the Message-IDs of the original mail and the server's diagnostic."""
    ids: list[str] = []
    detail = ""
    for part in parts:
        kind = part.get_content_type()
        if kind in {"message/rfc822", "text/rfc822-headers"}:
            if kind == "message/rfc822":
                inner = part.get_payload()
                inner_msg = inner[0] if isinstance(inner, list) and inner else None
                value = _header(inner_msg, "Message-ID") if isinstance(inner_msg, Message) else ""
            else:
                match = re.search(r"^message-id:\s*(<[^>]+>)", _text_of(part), re.IGNORECASE | re.MULTILINE)
                value = match.group(1) if match else ""
            ids.extend(mid for mid in message_ids_in(value) if mid not in ids)
        elif kind == "message/delivery-status" and not detail:
            text = part.as_string() if not part.is_multipart() else "\n".join(str(p) for p in part.get_payload())
            found = re.search(r"^diagnostic-code:\s*(.+)$", text, re.IGNORECASE | re.MULTILINE) or re.search(
                r"^status:\s*(.+)$", text, re.IGNORECASE | re.MULTILINE
            )
            detail = one_line(found.group(1), 300) if found else ""
    return ids, detail


def synthetic_message_id(raw: bytes) -> str:
    """A stable stand-in for a message that has no Message-ID, so refetching it still deduplicates."""
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@wowdesk.invalid>"


def _message_id(msg: Message, raw: bytes) -> str:
    ids = message_ids_in(_header(msg, "Message-ID"))
    return ids[0] if ids else synthetic_message_id(raw)


def _sent_at(msg: Message) -> dt.datetime | None:
    value = _header(msg, "Date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def boundary_lines(raw: bytes) -> int:
    """How many lines could be MIME boundaries; a cheap bound on the number of parts."""
    return raw.count(b"\n--") + (1 if raw.startswith(b"--") else 0)


def parse_email(raw: bytes, *, max_parts: int, max_attachment_bytes: int) -> ParsedEmail:
    """Parse one message; raises ``Rejected`` when it cannot or must not be stored.

    Precondition: the caller has already refused messages over the size limit.
    """
    if not raw.strip():
        raise Rejected("unparseable", "The message is empty.")
    if boundary_lines(raw) > 4 * max_parts + 50:
        raise Rejected("too_many_parts", f"More than {max_parts} MIME parts.")
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except (RecursionError, MemoryError) as exc:
        raise Rejected("too_many_parts", "The MIME structure is nested too deeply.") from exc
    except Exception as exc:  # the parser is lenient; what it still raises means a broken message
        raise Rejected("unparseable", f"The parser failed: {type(exc).__name__}.") from exc
    parts = _walk(msg, max_parts=max_parts)
    senders = _addresses(msg, "From") or _addresses(msg, "Sender", "Reply-To")
    from_name, from_address = senders[0] if senders else ("", "")
    recipients = [addr for _name, addr in _addresses(msg, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")]
    automatic = _automatic(msg, parts, from_address)
    reported: list[str] = []
    report_detail = ""
    if automatic is not None and automatic[0] == "bounce":
        reported, report_detail = _report_details(parts)
    text, html, attachments = _bodies(msg, parts, max_attachment_bytes=max_attachment_bytes)
    return ParsedEmail(
        message_id=_message_id(msg, raw),
        from_address=from_address,
        from_name=from_name,
        recipients=list(dict.fromkeys(recipients)),
        subject=one_line(_header(msg, "Subject"), SUBJECT_LENGTH),
        sent_at=_sent_at(msg),
        in_reply_to=message_ids_in(_header(msg, "In-Reply-To")),
        references=message_ids_in(_header(msg, "References")),
        text=text,
        html=html,
        attachments=attachments,
        automatic=automatic,
        reported_message_ids=reported,
        report_detail=report_detail,
        has_loop_header=msg.get(LOOP_HEADER) is not None,
    )


def _bodies(msg: Message, parts: list[Message], *, max_attachment_bytes: int) -> tuple[str, str, list[Attachment]]:
    """The plain-text and HTML bodies, and every other leaf part as an attachment."""
    plain_part: Message | None = None
    html_part: Message | None = None
    if isinstance(msg, EmailMessage):
        try:
            plain_part = msg.get_body(preferencelist=("plain",))
            html_part = msg.get_body(preferencelist=("html",))
        except Exception:  # fall back to the first text parts below
            plain_part = html_part = None
    if plain_part is None and html_part is None:
        for part in parts:
            if part.is_multipart() or _is_attachment(part):
                continue
            if plain_part is None and part.get_content_type() == "text/plain":
                plain_part = part
            elif html_part is None and part.get_content_type() == "text/html":
                html_part = part
    text = _text_of(plain_part) if plain_part is not None else ""
    html = _text_of(html_part) if html_part is not None else ""
    attachments: list[Attachment] = []
    for part in parts:
        kind = part.get_content_type()
        if part is plain_part or part is html_part or kind.startswith("multipart/"):
            continue
        if kind in {"message/delivery-status", "message/disposition-notification"}:
            continue
        if kind in {"text/plain", "text/html"} and not _is_attachment(part):
            if kind == "text/plain":
                # A second inline text part (after an inline image, say) belongs to the body.
                text = f"{text}\n\n{_text_of(part)}" if text else _text_of(part)
            continue
        data = _message_bytes(part) if kind == "message/rfc822" else _payload_bytes(part)
        too_large = len(data) > max_attachment_bytes
        attachments.append(
            Attachment(
                filename=_filename(part, len(attachments) + 1),
                content_type=one_line(kind, 100),
                size=len(data),
                data=b"" if too_large else data,
                too_large=too_large,
            )
        )
    return text.strip("\n"), html, attachments


def _message_bytes(part: Message) -> bytes:
    inner = part.get_payload()
    if isinstance(inner, list) and inner and isinstance(inner[0], Message):
        try:
            return inner[0].as_bytes()
        except Exception:  # a broken forwarded message is still kept, as text
            return str(inner[0]).encode("utf-8", "replace")
    return _payload_bytes(part)


def _is_attachment(part: Message) -> bool:
    disposition = (part.get_content_disposition() or "").lower()
    return disposition == "attachment" or (disposition == "inline" and bool(part.get_filename()))
