"""Small text helpers for made-up data."""

from __future__ import annotations

import unicodedata


def ascii_slug(text: str) -> str:
    """ "Zoë Sørensen" -> "zoe.sorensen", for made-up email addresses and handles."""
    folded = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
    kept = "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == " "))
    return ".".join(kept.lower().split())
