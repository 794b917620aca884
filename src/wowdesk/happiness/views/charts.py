"""What the dashboard's charts draw, as plain data for ``json_script`` (the page's script reads it)."""

from __future__ import annotations

from typing import Any

from wowdesk.happiness.models import LETTERS
from wowdesk.happiness.selectors import Dashboard

# From green to red; the same colours in every chart and in the tables' bars.
COLOURS = {"A": "#15803d", "B": "#65a30d", "C": "#ca8a04", "D": "#ea580c", "F": "#b91c1c"}


def chart_data(board: Dashboard) -> dict[str, Any]:
    return {
        "letters": list(LETTERS),
        "colours": COLOURS,
        "weeks": {
            "labels": [week.start.isoformat() for week in board.weeks],
            "counts": {letter: [week.grades.counts[letter] for week in board.weeks] for letter in LETTERS},
        },
        "share": {"good": board.total.good_share, "bad": board.total.bad_share, "total": board.total.total},
        "teams": {
            "labels": [row.name for row in board.team_rows],
            "shares": {
                letter: [round(row.grades.share(letter) * 100, 1) for row in board.team_rows] for letter in LETTERS
            },
        },
    }
