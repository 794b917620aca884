"""Tables of results: each figure, its ratio to the floor, and its growth from the smallest to the largest size."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.workloads import Measured

SQLITE_GENERATION_TARGET_S = 180.0


@dataclass
class SizeResult:
    size: int
    rows: dict[str, int] = field(default_factory=dict)
    generation_s: float | None = None  # None when the data set was reused
    db_mb: float = 0.0
    messages: int = 0  # timeline entries that are messages or notes, as the issue counts them
    measured: Measured | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return f"{n:,}"


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(int(meminfo[1]) / 2**20, 1),
        "cpu": model,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
    }


@dataclass
class Report:
    engine: str
    results: list[SizeResult]
    info: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def _row(self, name: str, values: list[str], growth: str = "") -> str:
        return f"| {name} | " + " | ".join(values) + f" | {growth} |"

    def table(self) -> str:
        sizes = [_size(r.size) for r in self.results]
        lines = [
            f"| figure | {' | '.join(sizes)} | growth {sizes[0]}→{sizes[-1]} |",
            "|---|" + "---:|" * (len(sizes) + 1),
        ]
        first, last = self.results[0], self.results[-1]

        def gen(r: SizeResult) -> str:
            if r.generation_s is None:
                return "reused"
            return f"{r.generation_s:.1f} s, {r.total_rows / r.generation_s:,.0f} rows/s"

        lines.append(self._row("W1 generate (rows/s)", [gen(r) for r in self.results]))
        lines.append(self._row("rows / messages", [f"{r.total_rows:,} / {r.messages:,}" for r in self.results]))
        keys = [k for k in ("floor", "W2", "W2rep", "W3", "W4", "W6gestures", "W6dashboard")]
        for key in keys:
            cells = []
            for r in self.results:
                m = r.measured
                if m is None or key not in m.timings:
                    cells.append("not built" if m and key in m.missing else "–")
                    continue
                t, floor = m.timings[key], m.timings["floor"]
                ratio = "" if key == "floor" else f" ({t.median / floor.median:.1f}× / {t.p95 / floor.p95:.1f}×)"
                cells.append(f"{_ms(t.median)} / {_ms(t.p95)} ms{ratio}")
            growth = ""
            if first.measured and last.measured and key in first.measured.timings and key in last.measured.timings:
                growth = f"{last.measured.timings[key].median / first.measured.timings[key].median:.2f}×"
            lines.append(self._row(f"{key} median / p95", cells, growth))
        w5, floor_rps, rss, db = [], [], [], []
        for r in self.results:
            m = r.measured
            if m is None or m.create_throughput is None or m.floor_throughput is None:
                w5.append("–")
                floor_rps.append("–")
                rss.append("–")
            else:
                c, f = m.create_throughput, m.floor_throughput
                rows, distinct = m.created_rows
                lost = (
                    "all stored once"
                    if rows == distinct == c.ok
                    else f"{c.ok} answered, {rows} rows, {distinct} distinct"
                )
                w5.append(
                    f"{c.per_second:.0f}/s ({c.per_second / f.per_second:.2f}× floor), p95 {_ms(c.p95)} ms, "
                    f"{len(c.failures)} failed, {lost}"
                )
                floor_rps.append(f"{f.per_second:.0f}/s, p95 {_ms(f.p95)} ms")
                rss.append(" / ".join(f"{v:.0f}" for v in m.worker_rss_mb) + " MB")
            db.append(f"{r.db_mb:,.0f} MB")
        lines.append(self._row("floor, 8 clients", floor_rps))
        lines.append(self._row("W5 API create, 8 clients", w5))
        lines.append(self._row("peak RSS per worker", rss))
        lines.append(self._row("database on disk", db))
        return "\n".join(lines)

    def targets(self) -> list[str]:
        """Each target of the performance issue, met or missed, judged at the largest size measured."""
        out: list[str] = []
        last, first = self.results[-1], self.results[0]
        m = last.measured
        if m is None:
            return out
        floor = m.timings["floor"]

        def verdict(ok: bool) -> str:
            return "met" if ok else "**missed**"

        for key, median_x, p95_x in (("W2", 3, 5), ("W2rep", 3, 5), ("W3", 3, 5), ("W4", 5, None)):
            if key not in m.timings:
                continue
            t = m.timings[key]
            ratio = t.median / floor.median
            text = f"{key} median {ratio:.1f}× floor (target ≤ {median_x}×): {verdict(ratio <= median_x)}"
            if p95_x:
                p95_ratio = t.p95 / floor.p95
                text += f"; p95 {p95_ratio:.1f}× floor p95 (target ≤ {p95_x}×): {verdict(p95_ratio <= p95_x)}"
            out.append(text)
            if first is not last and first.measured and key in first.measured.timings:
                growth = t.median / first.measured.timings[key].median
                out.append(
                    f"{key} growth {_size(first.size)}→{_size(last.size)} {growth:.2f}× (target ≤ 1.5×): "
                    f"{verdict(growth <= 1.5)}"
                )
        if self.engine == "sqlite" and last.generation_s is not None:
            out.append(
                f"W1 {_size(last.size)} conversations ({last.messages:,} messages) in {last.generation_s:.0f} s "
                f"(target < {SQLITE_GENERATION_TARGET_S:.0f} s at 1M): "
                f"{verdict(last.generation_s < SQLITE_GENERATION_TARGET_S)}"
            )
        if m.create_throughput and m.floor_throughput:
            share = m.create_throughput.per_second / m.floor_throughput.per_second
            rows, distinct = m.created_rows
            exact = rows == distinct == m.create_throughput.ok and not m.create_throughput.failures
            out.append(f"W5 {share:.2f}× the floor's throughput (target ≥ 0.25×): {verdict(share >= 0.25)}")
            out.append(f"W5 none lost or duplicated: {verdict(exact)}")
        for key in ("W6gestures", "W6dashboard"):
            if key in m.timings:
                ratio = m.timings[key].median / floor.median
                out.append(f"{key} median {ratio:.1f}× floor (target ≤ 5×): {verdict(ratio <= 5)}")
            elif key in m.missing:
                out.append(f"{key}: not measured, the page is not built yet")
        peak = max(m.worker_rss_mb, default=0)
        out.append(f"peak RSS per worker {peak:.0f} MB (target < 250 MB): {verdict(peak < 250)}")
        return out

    def markdown(self, when: dt.date) -> str:
        info = self.info
        lines = [
            f"# WowDesk benchmark, {self.engine}, {when.isoformat()}",
            "",
            f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory_gb']} GB; Python {info['python']}, "
            f"SQLite {info['sqlite']}{', ' + info['postgresql'] if info.get('postgresql') else ''}; "
            "gunicorn with 2 sync workers, DEBUG off, on 127.0.0.1.",
            "Each page: warm-up, then 100 sequential requests over HTTP, logged in; median / p95 in ms, "
            "with (median / floor median, p95 / floor p95). W5 and the floor's throughput: 8 client threads for 10 s.",
            "",
            self.table(),
            "",
            "## Targets",
            "",
            *[f"- {line}" for line in self.targets()],
        ]
        loads = [f"{_size(r.size)}: {r.measured.load_before:.2f}" for r in self.results if r.measured]
        lines += ["", f"Load average (1 min) when each size started measuring: {', '.join(loads)}."]
        if self.notes:
            lines += ["", "## Notes", "", *self.notes]
        return "\n".join(lines) + "\n"

    def raw(self) -> dict[str, Any]:
        def timing(m: Measured) -> dict[str, Any]:
            return {k: {"median": t.median, "p95": t.p95} for k, t in m.timings.items()}

        return {
            "engine": self.engine,
            "machine": self.info,
            "sizes": [
                {
                    "size": r.size,
                    "rows": r.rows,
                    "generation_s": r.generation_s,
                    "db_mb": r.db_mb,
                    "timings": timing(r.measured) if r.measured else {},
                    "missing": r.measured.missing if r.measured else [],
                    "w5_per_second": r.measured.create_throughput.per_second
                    if r.measured and r.measured.create_throughput
                    else None,
                    "floor_per_second": r.measured.floor_throughput.per_second
                    if r.measured and r.measured.floor_throughput
                    else None,
                    "worker_rss_mb": r.measured.worker_rss_mb if r.measured else [],
                    "facts": r.measured.facts if r.measured else {},
                }
                for r in self.results
            ],
        }

    def save(self, folder: Path, when: dt.date) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{when.isoformat()}-{self.engine}.md"
        path.write_text(self.markdown(when))
        path.with_suffix(".json").write_text(json.dumps(self.raw(), indent=2) + "\n")
        return path
