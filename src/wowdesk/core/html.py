"""The one place user-supplied HTML is cleaned."""

from __future__ import annotations

import re
from html import unescape

import nh3

# A small formatting subset: enough for an email body or a story, no scripts,
# styles, forms or embedded media.
ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan"}}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# Tags that separate words when rendered; stripping them must leave a space.
_WORD_BREAK = re.compile(r"<(?:br|hr|/?(?:p|div|li|tr|td|th|h[1-6]|blockquote|pre|ul|ol|table))\b[^>]*>", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, for search and previews.

    nh3 returns text still HTML-escaped; it is unescaped here because the
    result is stored as plain text and escaped again wherever it is shown.
    """
    spaced = _WORD_BREAK.sub(lambda m: " " + m.group(0), html)
    return " ".join(unescape(nh3.clean(spaced, tags=set())).split())
