"""A local SMTP catcher for development and the demo: it accepts any mail and stores it in the database.

Run by ``python -m wowdesk mail_catcher``; ``/mail/caught/`` shows what it
caught. It relays nothing anywhere. aiosmtpd is a development dependency,
so this module imports it only when the command runs.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from typing import Any

from asgiref.sync import sync_to_async

from wowdesk.core.text import one_line
from wowdesk.mail.models import CaughtEmail
from wowdesk.mail.threads import message_ids_in

MAX_CAUGHT_BYTES = 10 * 1024 * 1024
KEEP = 500


def store_caught(*, mail_from: str, recipients: list[str], raw: bytes) -> CaughtEmail:
    """Keep one caught message (and only the newest ``KEEP``)."""
    head = BytesParser(policy=policy.default).parsebytes(raw[:MAX_CAUGHT_BYTES], headersonly=True)
    ids = message_ids_in(str(head.get("Message-ID", "")))
    caught = CaughtEmail.objects.create(
        mail_from=one_line(mail_from, 254),
        recipients=[one_line(r, 254) for r in recipients][:100],
        subject=one_line(str(head.get("Subject", "")), 500),
        message_id=ids[0] if ids else "",
        raw=raw[:MAX_CAUGHT_BYTES],
    )
    stale = CaughtEmail.objects.order_by("-received_at", "-id").values_list("pk", flat=True)[KEEP:]
    CaughtEmail.objects.filter(pk__in=list(stale)).delete()
    return caught


class CatchingHandler:
    """aiosmtpd handler: accept everything, store it, answer 250."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        await sync_to_async(store_caught, thread_sensitive=False)(
            mail_from=envelope.mail_from or "", recipients=list(envelope.rcpt_tos), raw=raw
        )
        return "250 Message accepted for delivery"
