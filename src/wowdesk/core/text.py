"""Cleaning untrusted text before it is stored or put in a header."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Text both databases store: no NUL or other control characters, no lone surrogates.

    Tabs and line breaks are kept; PostgreSQL refuses NUL, and lone
    surrogates (undecodable bytes read with ``surrogateescape``) are not UTF-8.
    """
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raw = value.encode("utf-8", "surrogateescape")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Undeclared 8-bit text is far more often Windows-1252 than anything else.
            value = raw.decode("cp1252", "replace")
    return _CONTROL.sub("", value)


def one_line(value: str, limit: int) -> str:
    """A header-safe single line: all whitespace (CR and LF included) collapsed, then cut to ``limit``."""
    flat = " ".join(clean_text(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
