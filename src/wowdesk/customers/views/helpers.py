"""View constants for customer pages."""

from __future__ import annotations

# Each section of a profile page shows this many rows before its "more" link.
SECTION_SIZE = 10
