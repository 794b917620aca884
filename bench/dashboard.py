"""``python -m bench.dashboard``: the consistency dashboard's time at 1M and 10M grades, against the floor.

    python -m bench.dashboard                                   # 1M on SQLite and PostgreSQL, 10M on PostgreSQL
    python -m bench.dashboard --runs sqlite:100k,postgresql:100k  # a quick look while developing

Each data set is filled by ``bench.dashboard_data`` (rows made by the
database itself), served by gunicorn with two workers as in production,
and measured as the lead ``demo``: the dashboard for six months, for one
team, and for a year of one channel; its JSON figures; and the worst-first
grades list, each against ``/healthz/`` (the same server with no query).
Results go to ``bench/results/<date>-dashboard.md`` and ``.json``. Kept
apart from ``python -m bench`` so the main benchmark stays quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg

from bench.__main__ import _size
from bench.http import BenchError, Response
from bench.measure import Timing, sequential
from bench.report import _ms, machine
from bench.report import _size as size_label
from bench.server import ROOT, app_env, manage, serve

WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("WOWDESK_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DEFAULT_RUNS = "sqlite:1M,postgresql:1M,postgresql:10M"
LEAD, PASSWORD = "demo", "wowdesk-demo"  # the benchmark's documented login


@dataclass
class Run:
    engine: str
    grades: int
    fill: dict[str, float] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)
    db_mb: float = 0.0

    @property
    def label(self) -> str:
        return f"dashboard-{self.engine}-{self.grades}"

    @property
    def var_dir(self) -> Path:
        return WORK / self.label

    @property
    def pg_database(self) -> str:
        return f"wowdesk_bench_grades_{self.grades}"

    @property
    def database_url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.var_dir / 'wowdesk.sqlite3'}"
        return urlunparse(urlparse(PG_URL)._replace(path=f"/{self.pg_database}"))

    @property
    def env(self) -> dict[str, str]:
        return app_env(self.database_url, self.var_dir)


def _pg_admin() -> psycopg.Connection[Any]:
    return psycopg.connect(PG_URL, autocommit=True)


def build(run: Run) -> None:
    shutil.rmtree(run.var_dir, ignore_errors=True)
    run.var_dir.mkdir(parents=True)
    if run.engine == "postgresql":
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{run.pg_database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{run.pg_database}"')
    manage(run.env, "migrate", "--noinput", quiet=True)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bench.dashboard_data", str(run.grades)],
        env=run.env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise BenchError(f"filling {run.label} failed:\n{out.stderr[-3000:]}")
    line = next(line for line in out.stdout.splitlines() if line.startswith("TIMINGS "))
    run.fill = json.loads(line.removeprefix("TIMINGS "))
    run.fill["wall"] = time.perf_counter() - started
    if run.engine == "postgresql":
        with psycopg.connect(run.database_url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            run.db_mb = int(row[0] if row else 0) / 2**20
    else:
        run.db_mb = sum(f.stat().st_size for f in run.var_dir.glob("wowdesk.sqlite3*")) / 2**20


def drop(run: Run) -> None:
    shutil.rmtree(run.var_dir, ignore_errors=True)
    if run.engine == "postgresql":
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{run.pg_database}" WITH (FORCE)')


def ok(contains: str = "") -> Any:
    def check(response: Response) -> str | None:
        if response.status != 200:
            return "expected 200"
        if contains and contains not in response.text:
            return f"the page lacks {contains!r}"
        return None

    return check


PAGES = (
    ("floor", "/healthz/ (no database)", "/healthz/", "ok"),
    ("D1", "dashboard, 26 weeks, all teams", "/happiness/", 'id="happiness-charts"'),
    ("D2", "dashboard, 26 weeks, one team", "/happiness/?team={team}", 'id="happiness-charts"'),
    ("D3", "dashboard, 52 weeks, one channel", "/happiness/?period=52w&channel=phone", 'id="happiness-charts"'),
    ("D4", "dashboard figures, JSON API", "/api/happiness/dashboard", '"weeks"'),
    ("D5", "worst-first grades list", "/happiness/grades/?worst=1", 'data-testid="grade-row"'),
)


def measure(run: Run, *, warmup: int, requests: int) -> None:
    with serve(run.env) as server:
        client = server.client()
        client.login(LEAD, PASSWORD)
        for key, title, path, contains in PAGES:
            run.timings[key] = sequential(
                partial(client.get, path.format(team=1)),
                check=ok(contains),
                warmup=warmup,
                requests=requests,
                what=title,
            )


def table(runs: list[Run]) -> str:
    heads = [f"{r.engine} {size_label(r.grades)}" for r in runs]
    lines = [f"| figure | {' | '.join(heads)} |", "|---|" + "---:|" * len(runs)]
    for key, title, _path, _contains in PAGES:
        cells = []
        for r in runs:
            timing, floor = r.timings.get(key), r.timings.get("floor")
            if timing is None or floor is None:
                cells.append("")
                continue
            ratio = "" if key == "floor" else f" ({timing.median / floor.median:.1f}×)"
            cells.append(f"{_ms(timing.median)} / {_ms(timing.p95)}{ratio}")
        lines.append(f"| {key} {title}: median / p95 ms (× floor) | " + " | ".join(cells) + " |")
    for name, label in (
        ("teamday_rows", "team-day rollup rows"),
        ("repday_rows", "rep-day rollup rows"),
        ("reps", "reps"),
        ("rollups_rebuild", "rollups rebuilt from the grades, s"),
        ("wall", "fill, s"),
    ):
        cells = [
            f"{r.fill.get(name, 0):,.0f}" if "rows" in name or name == "reps" else f"{r.fill.get(name, 0):.1f}"
            for r in runs
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| database size, MB | " + " | ".join(f"{r.db_mb:,.0f}" for r in runs) + " |")
    return "\n".join(lines)


def save(runs: list[Run], when: dt.date, name: str = "dashboard") -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{when.isoformat()}-{name}.md"
    info = machine()
    text = [
        f"# Consistency dashboard at scale ({when.isoformat()})",
        "",
        "`python -m bench.dashboard`: the dashboard reads only the rollups (per day × team × rep × channel),",
        "so its time follows the number of days, teams and reps, not the number of grades. Each figure is the",
        "median and 95th percentile of sequential requests through gunicorn (two workers, DEBUG off), as the",
        "lead `demo`; the floor is `/healthz/` on the same server.",
        "",
        table(runs),
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()),
        "",
    ]
    path.write_text("\n".join(text))
    raw = [
        {
            "engine": r.engine,
            "grades": r.grades,
            "fill": r.fill,
            "db_mb": r.db_mb,
            "timings": {k: {"median": t.median, "p95": t.p95, "samples": t.samples} for k, t in r.timings.items()},
        }
        for r in runs
    ]
    path.with_suffix(".json").write_text(json.dumps({"machine": info, "runs": raw}, indent=2) + "\n")
    return path


def _runs(text: str) -> list[tuple[str, int]]:
    chosen = []
    for part in text.split(","):
        engine, _sep, size = part.strip().partition(":")
        if engine not in {"sqlite", "postgresql"} or not size:
            raise argparse.ArgumentTypeError("runs look like sqlite:1M,postgresql:10M")
        chosen.append((engine, _size(size)))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dashboard", description=__doc__.split("\n")[0] if __doc__ else None
    )
    parser.add_argument("--runs", type=_runs, default=_runs(DEFAULT_RUNS), help=DEFAULT_RUNS)
    parser.add_argument("--requests", type=int, default=50, help="Timed requests per page (50).")
    parser.add_argument("--warmup", type=int, default=10, help="Untimed requests first (10).")
    parser.add_argument("--keep", action="store_true", help="Keep the data sets afterwards (they are large).")
    parser.add_argument("--no-save", action="store_true", help="Print the table only.")
    parser.add_argument("--name", default="dashboard", help="Results file: bench/results/<date>-<name>.md")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    runs = [Run(engine, grades) for engine, grades in args.runs]
    try:
        for run in runs:
            print(f"\n== {run.engine}, {run.grades:,} grades: filling", flush=True)
            build(run)
            print(f"   filled in {run.fill['wall']:.0f} s; measuring", flush=True)
            measure(run, warmup=args.warmup, requests=args.requests)
            if not args.keep:
                drop(run)
            print(table([r for r in runs if r.timings]), flush=True)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    if not args.no_save:
        print(f"\nSaved {save(runs, dt.datetime.now(dt.UTC).date(), args.name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
