"""Turning what someone typed into a safe full-text query.

The search box takes plain words, never a query language: every term is
quoted, so characters that mean something to FTS5 or to PostgreSQL's
``to_tsquery`` (``"``, ``*``, ``NEAR(``, ``AND``, ``-``, ``:``) are searched
for as text or ignored, and a query can never fail with a syntax error.
Every term must match somewhere in the document (a conversation's subject
or any of its messages and notes; a customer's names or any email address),
not necessarily in the same message. The last term also matches as a prefix,
so a half-typed word still finds something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wowdesk.core.errors import field_error

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# A prefix of one character would match a large part of the index.
MIN_PREFIX_LENGTH = 2

# Letters and digits are what both tokenizers keep; the rest separates words.
_WORD_CHAR = re.compile(r"[^\W_]")
_ONLY_WORD_CHARS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchTerms:
    """The terms of a query, cleaned. ``terms`` is never empty."""

    terms: tuple[str, ...]

    @property
    def prefix(self) -> str | None:
        """The last term when it can be searched as a prefix (letters and digits only)."""
        last = self.terms[-1]
        if len(last) >= MIN_PREFIX_LENGTH and _ONLY_WORD_CHARS.fullmatch(last):
            return last
        return None

    def _is_prefix(self, index: int) -> bool:
        return index == len(self.terms) - 1 and self.prefix is not None

    def fts5(self) -> list[str]:
        """One FTS5 MATCH expression per term: a quoted phrase, the last one a prefix."""
        quoted = []
        for i, term in enumerate(self.terms):
            phrase = '"' + term.replace('"', '""') + '"'
            quoted.append(phrase + " *" if self._is_prefix(i) else phrase)
        return quoted

    def postgres(self) -> list[tuple[str, str]]:
        """One (function, argument) per term, to build a tsquery with ``function(config, argument)``.

        Ordinary terms go through ``websearch_to_tsquery``, which accepts any
        text; double quotes and leading minus signs are dropped first so its
        syntax (phrases, negation) cannot change the meaning. The prefix term
        holds only letters and digits, so ``to_tsquery`` can parse ``term:*``.
        """
        result = []
        for i, term in enumerate(self.terms):
            if self._is_prefix(i):
                result.append(("to_tsquery", f"{term}:*"))
            else:
                result.append(("websearch_to_tsquery", term.replace('"', " ").lstrip("-")))
        return result


def parse_query(query: str) -> SearchTerms:
    """Split ``query`` into terms; raise a ValidationError on "q" when nothing searchable is left."""
    query = " ".join(query.split())
    if not query:
        raise field_error("q", str(_("Type something to search for.")))
    if len(query) > MAX_QUERY_LENGTH:
        raise field_error("q", str(_("At most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}))
    terms = tuple(chunk for chunk in query.split(" ") if _WORD_CHAR.search(chunk))
    if not terms:
        raise field_error("q", str(_("Search for words or numbers, not only punctuation.")))
    if len(terms) > MAX_TERMS:
        raise field_error("q", str(_("At most %(limit)d words.") % {"limit": MAX_TERMS}))
    return SearchTerms(terms=terms)
