"""A small progress bar for long seeding runs.

On a terminal it redraws one line in place; in a log (CI, a pipe) it
prints a line at every tenth, so the log stays short and still shows the
run is alive.
"""

from __future__ import annotations

from collections.abc import Callable

WIDTH = 20


class ProgressBar:
    def __init__(self, *, write: Callable[[str], None], label: str, total: int, is_tty: bool) -> None:
        self._write = write
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self._is_tty = is_tty
        self._last_tenth = -1

    def _line(self) -> str:
        fraction = self.done / self.total if self.total else 1.0
        filled = round(WIDTH * fraction)
        return f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done:,}/{self.total:,} {self.label}"

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        if self._is_tty:
            self._write("\r" + self._line())
            return
        tenth = (10 * self.done // self.total) if self.total else 10
        if tenth > self._last_tenth:
            self._last_tenth = tenth
            self._write(self._line() + "\n")

    def finish(self) -> None:
        self.done = self.total
        if self._is_tty:
            self._write("\r" + self._line() + "\n")
        elif self._last_tenth < 10:
            self._last_tenth = 10
            self._write(self._line() + "\n")


ProgressFactory = Callable[[str, int], ProgressBar]


def silent_progress(label: str, total: int) -> ProgressBar:
    return ProgressBar(write=lambda _text: None, label=label, total=total, is_tty=False)
