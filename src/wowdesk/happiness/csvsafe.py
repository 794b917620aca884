"""CSV cells a spreadsheet will not run as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

# Excel, LibreOffice and Sheets treat a cell starting with any of these as a formula (or DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\ufe62", "\ufe63", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> str:
    """``value`` as text, with a leading apostrophe if a spreadsheet could read it as a formula.

    OWASP's advice: quote anything that begins like a formula, including
    after leading whitespace, and keep the text otherwise unchanged.
    """
    text = "" if value is None else str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """Each row as one CSV line, every cell made safe; for a streaming response."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
