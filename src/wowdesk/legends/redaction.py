"""Finding and replacing personal data in a story before it leaves the team.

Two sources of what counts as personal data:

- **The database**: the customer's own names (full, each part, preferred
  name), social handles, email addresses, phone numbers and order numbers,
  plus anything the author adds ("Arlo", a child's name the database cannot
  know). Names match as whole words, ignoring case and accents, so
  "lorna's" and "Echeverria" are found.
- **Patterns**, for anyone's data: email addresses, phone numbers (7 to 15
  digits, international or local formats) and WowDesk order numbers
  (``WD-123456``).

The check is deliberately eager: a false alarm costs the author one click
("not personal data", remembered on the legend as ``allowed``), a miss
puts a customer's details on the public web. Dates, times, year ranges,
prices and sizes are not phone numbers.

Nothing here touches the database; ``selectors.personal_terms_for`` builds
the terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape, unescape

import nh3

from wowdesk.core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html


class Kind(StrEnum):
    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    ORDER = "order"
    OTHER = "other"


LABELS = {
    Kind.NAME: "[customer]",
    Kind.EMAIL: "[email]",
    Kind.PHONE: "[phone]",
    Kind.ORDER: "[order]",
    Kind.OTHER: "[redacted]",
}
DESCRIPTIONS = {
    Kind.NAME: "a name",
    Kind.EMAIL: "an email address",
    Kind.PHONE: "a phone number",
    Kind.ORDER: "an order number",
    Kind.OTHER: "something you asked to redact",
}
# Titles and initials are not names worth matching on their own.
_NOT_NAMES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "jr", "sr", "ii", "iii", "de", "la", "le", "van", "von"}

_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
EMAIL = re.compile(
    rf"(?<![\w.!#$%&'*+/=?^`{{|}}~-]){_ATOM}(?:\.{_ATOM})*@(?:[^\W_](?:[\w-]{{0,61}}[^\W_])?\.)+[^\W_](?:[\w-]{{0,61}}[^\W_])?"
)
# Digits with single separators, an optional international prefix and area code in brackets.
PHONE = re.compile(r"(?<![\w+@/.,-])(?:\+|00)?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d){5,20}(?![\w/@]|[.,-]\d)")
ORDER = re.compile(r"(?<![\w-])WD-?\d{4,12}(?![\w-])", re.IGNORECASE)
# Dates and year ranges are masked before looking for phone numbers, so a date written next to a
# number neither hides it nor becomes one.
_DATES = re.compile(
    r"(?<![\d./-])(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4} ?[-–] ?\d{4})(?![\d]|[-./]\d)"
)
_RUNS = re.compile(r"\d+")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15
# A known phone number is also found written partly (its last digits), down to this many.
MIN_KNOWN_PHONE_DIGITS = 6


@dataclass(frozen=True)
class PersonalTerms:
    """What the database knows about the people in a story, plus what the author added."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    order_numbers: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def with_extra(self, extra: Iterable[str]) -> PersonalTerms:
        return PersonalTerms(
            names=self.names,
            emails=self.emails,
            phones=self.phones,
            order_numbers=self.order_numbers,
            extra=tuple(dict.fromkeys([*self.extra, *(e.strip() for e in extra if e.strip())])),
        )


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def fold(text: str) -> str:
    """Lower-case and drop accents, one character for one, so positions still point into ``text``."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).casefold()
        if len(base) != 1:
            base = ch.lower() if len(ch.lower()) == 1 else ch
        out.append(base)
    return "".join(out)


def name_parts(name: str) -> list[str]:
    """A name and each of its words ("Ana-Maria da Silva" → the whole, "Ana-Maria", "Ana", "Maria", "Silva")."""
    name = " ".join(name.split())
    if not name:
        return []
    parts = [name]
    for word in name.split(" "):
        pieces = [word, *word.split("-")] if "-" in word else [word]
        for piece in pieces:
            piece = piece.strip(".,'\"()")
            if len(piece) >= 2 and fold(piece) not in _NOT_NAMES:
                parts.append(piece)
    return list(dict.fromkeys(parts))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _looks_like_phone(candidate: str) -> bool:
    return MIN_PHONE_DIGITS <= len(_digits(candidate)) <= MAX_PHONE_DIGITS


def _term_regex(terms: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted({fold(t.strip()) for t in terms if len(t.strip()) >= 2}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in folded) + r")(?!\w)")


def _from_terms(text: str, folded: str, terms: PersonalTerms) -> list[Finding]:
    found: list[Finding] = []
    for kind, values in (
        (Kind.NAME, terms.names),
        (Kind.EMAIL, terms.emails),
        (Kind.ORDER, [*terms.order_numbers, *(_digits(n) for n in terms.order_numbers if len(_digits(n)) >= 5)]),
        (Kind.OTHER, terms.extra),
    ):
        regex = _term_regex(values)
        if regex is not None:
            found += [Finding(kind, m.start(), m.end(), text[m.start() : m.end()]) for m in regex.finditer(folded)]
    known = {_digits(p) for p in terms.phones if len(_digits(p)) >= MIN_KNOWN_PHONE_DIGITS}
    if known:
        for match in re.finditer(r"(?<![\w])\+?\d[\d ().-]*\d(?!\w)", text):
            digits = _digits(match.group())
            if len(digits) >= MIN_KNOWN_PHONE_DIGITS and any(k.endswith(digits) or digits.endswith(k) for k in known):
                found.append(Finding(Kind.PHONE, match.start(), match.end(), match.group()))
    return found


def _from_patterns(text: str) -> list[Finding]:
    found = []
    for match in EMAIL.finditer(text):
        # A quote may open a local part, but in prose it is far more often quoting the address.
        start = match.start() + len(match.group()) - len(match.group().lstrip("'`"))
        found.append(Finding(Kind.EMAIL, start, match.end(), text[start : match.end()]))
    found += [Finding(Kind.ORDER, m.start(), m.end(), m.group()) for m in ORDER.finditer(text)]
    masked = _DATES.sub(lambda m: "#" * len(m.group()), text)
    for match in PHONE.finditer(masked):
        candidate = match.group().rstrip(" .-")
        if _looks_like_phone(candidate):
            found.append(Finding(Kind.PHONE, match.start(), match.start() + len(candidate), candidate))
    return found


def find_personal_data(text: str, terms: PersonalTerms | None = None, *, allowed: Iterable[str] = ()) -> list[Finding]:
    """Every piece of personal data in ``text``, in order, without overlaps.

    Where two findings overlap, the one starting first wins (the longer on a
    tie), so "WD-1234567" is an order number, not a phone number. Findings
    whose text is in ``allowed`` (compared folded) are left out.
    """
    terms = terms or PersonalTerms()
    folded = fold(text)
    candidates = sorted(
        _from_terms(text, folded, terms) + _from_patterns(text), key=lambda f: (f.start, -(f.end - f.start))
    )
    skip = {fold(a.strip()) for a in allowed if a.strip()}
    result: list[Finding] = []
    end = -1
    for finding in candidates:
        if finding.start < end:
            continue
        end = finding.end
        if fold(finding.text) not in skip:
            result.append(finding)
    return result


def replacement(finding: Finding, *, alias: str = "") -> str:
    return alias if finding.kind == Kind.NAME and alias else finding.label


def redact(text: str, findings: Sequence[Finding], *, alias: str = "") -> str:
    """``text`` with each finding replaced by its label (names by ``alias`` when given)."""
    out, last = [], 0
    for finding in findings:
        out += [text[last : finding.start], replacement(finding, alias=alias)]
        last = finding.end
    out.append(text[last:])
    return "".join(out)


@dataclass
class Redacted:
    """A text after redaction: the result, what was found, and a marked-up preview of both."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    before_html: str = ""
    after_html: str = ""


def _mark(text: str, findings: Sequence[Finding], *, alias: str, after: bool) -> str:
    out, last = [], 0
    for finding in findings:
        shown = replacement(finding, alias=alias) if after else finding.text
        css = "redacted" if after else "personal"
        out += [
            escape(text[last : finding.start], quote=False),
            f'<mark class="{css}" title="{DESCRIPTIONS[finding.kind]}">{escape(shown, quote=False)}</mark>',
        ]
        last = finding.end
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def redact_text(
    text: str, terms: PersonalTerms | None = None, *, allowed: Iterable[str] = (), alias: str = ""
) -> Redacted:
    findings = find_personal_data(text, terms, allowed=allowed)
    return Redacted(
        text=redact(text, findings, alias=alias),
        findings=findings,
        before_html=_mark(text, findings, alias=alias, after=False),
        after_html=_mark(text, findings, alias=alias, after=True),
    )


_TAG = re.compile(r"(<[^>]*>)")
_PREVIEW_TAGS = ALLOWED_TAGS | {"mark"}
_PREVIEW_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "mark": {"class", "title"}}


def redact_html(
    html: str, terms: PersonalTerms | None = None, *, allowed: Iterable[str] = (), alias: str = ""
) -> Redacted:
    """Redact sanitised HTML: text between tags, and attribute values (a ``mailto:`` link).

    Precondition: ``html`` came out of ``sanitize_html``, so every ``<…>``
    is a tag and text is entity-escaped. The result is sanitised again.
    """
    allowed = list(allowed)
    parts = _TAG.split(html)
    result, before, after, findings = [], [], [], []
    for index, part in enumerate(parts):
        if index % 2:  # a tag: attribute values are redacted in place, nothing is marked
            tag_findings = find_personal_data(part, terms, allowed=allowed)
            findings += tag_findings
            tag = redact(part, tag_findings, alias=alias)
            result.append(tag)
            before.append(part)
            after.append(tag)
            continue
        text = unescape(part)
        text_findings = find_personal_data(text, terms, allowed=allowed)
        findings += text_findings
        result.append(escape(redact(text, text_findings, alias=alias), quote=False))
        before.append(_mark(text, text_findings, alias=alias, after=False))
        after.append(_mark(text, text_findings, alias=alias, after=True))

    def preview(pieces: list[str]) -> str:
        return str(
            nh3.clean(
                "".join(pieces),
                tags=_PREVIEW_TAGS,
                attributes=_PREVIEW_ATTRIBUTES,
                url_schemes={"http", "https", "mailto"},
                link_rel="noopener noreferrer nofollow",
            )
        )

    return Redacted(
        text=sanitize_html("".join(result)), findings=findings, before_html=preview(before), after_html=preview(after)
    )


def describe(findings: Sequence[Finding], *, limit: int = 4) -> str:
    """'a name ("Lorna"), an email address ("l@example.com")' for error messages; repeats are listed once."""
    seen: dict[tuple[Kind, str], Finding] = {}
    for finding in findings:
        seen.setdefault((finding.kind, fold(finding.text)), finding)
    items = [f"{DESCRIPTIONS[f.kind]} (“{f.text}”)" for f in seen.values()]
    if len(items) > limit:
        items = [*items[:limit], f"and {len(items) - limit} more"]
    return ", ".join(items)
