"""Story text as the author types it, turned into the sanitised HTML that is stored and shown."""

from __future__ import annotations

import hashlib
import json
import re

from django.utils.html import escape, linebreaks

from wowdesk.core.html import html_to_text, sanitize_html

_HAS_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def story_html_from_input(raw: str) -> str:
    """Plain text (blank lines between paragraphs) or simple HTML, sanitised to the small safe subset.

    Scripts, styles, event handlers, forms, images and embedded media are
    dropped by ``sanitize_html`` (nh3); links keep http, https and mailto
    only and get ``rel="noopener noreferrer nofollow"``.
    """
    raw = raw.replace("\r\n", "\n").strip()
    if not raw:
        return ""
    if not _HAS_TAG.search(raw):
        return sanitize_html(linebreaks(escape(raw)))
    return sanitize_html(raw)


def story_text(html: str) -> str:
    return html_to_text(html)


def content_digest(*, title: str, story_html: str, lesson: str) -> str:
    """Fingerprint of what a reader sees; redaction checks and consents are tied to it."""
    payload = json.dumps([title, story_html, lesson], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()
