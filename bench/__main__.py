"""``python -m bench``: build data sets, serve them with gunicorn, measure, print and save the tables.

    python -m bench                                  # 10k, 100k, 1M on SQLite and PostgreSQL
    python -m bench --sizes 10k,100k --databases sqlite
    python -m bench --reuse                          # keep data sets from an earlier run (no W1)

Results go to bench/results/<date>-<database>.md (and .json). See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import psycopg

from bench.datasets import PG_URL, DataSet
from bench.http import BenchError
from bench.report import Report, SizeResult, machine
from bench.server import ROOT, serve
from bench.workloads import run

RESULTS = ROOT / "bench" / "results"


def _size(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        return int(float(text.rstrip("km")) * scale)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 10k or 1M") from exc


def _sizes(text: str) -> list[int]:
    sizes = sorted({_size(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 100:
        raise argparse.ArgumentTypeError("give sizes of at least 100 conversations, e.g. 10k,100k,1M")
    return sizes


def _databases(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = set(chosen) - {"sqlite", "postgresql"}
    if unknown or not chosen:
        raise argparse.ArgumentTypeError("databases are sqlite and/or postgresql")
    return chosen


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[10_000, 100_000, 1_000_000], help="10k,100k,1M")
    parser.add_argument("--databases", type=_databases, default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=100, help="Timed requests per page (100).")
    parser.add_argument("--warmup", type=int, default=20, help="Untimed requests first (20).")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients for W5 and the floor (8).")
    parser.add_argument("--seconds", type=float, default=10.0, help="Seconds of concurrent load (10).")
    parser.add_argument("--reuse", action="store_true", help="Reuse data sets built by an earlier run.")
    parser.add_argument("--keep", action="store_true", help="Keep the data sets afterwards (they are large).")
    parser.add_argument("--no-save", action="store_true", help="Print the tables only.")
    return parser.parse_args(argv)


def _postgres_version() -> str:
    with psycopg.connect(PG_URL) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0] if row else '?'}"


def bench_engine(engine: str, args: argparse.Namespace) -> Report:
    info = machine()
    if engine == "postgresql":
        info["postgresql"] = _postgres_version()
    results = []
    for size in args.sizes:
        data = DataSet(engine, size)
        print(f"\n== {engine}, {size:,} conversations", flush=True)
        result = SizeResult(size=size)
        if args.reuse and data.exists():
            print("   reusing the data set built earlier", flush=True)
            data.migrate()  # the code may have moved on since it was built
        else:
            result.generation_s = data.build()
        result.rows = data.row_counts()
        result.messages = int(
            data.scalar(
                "SELECT COUNT(*) FROM conversations_timelineentry WHERE kind IN ('inbound', 'outbound', 'note')"
            )
        )
        result.db_mb = data.size_on_disk_mb()
        with serve(data.env) as server:
            result.measured = run(
                data, server, warmup=args.warmup, requests=args.requests, clients=args.clients, seconds=args.seconds
            )
        results.append(result)
        # Print as we go: a long run shows its numbers before it ends.
        print(Report(engine, results, info).table(), flush=True)
        if not args.keep:
            data.drop()
    report = Report(engine, results, info)
    matches = [r.measured.facts.get("search_matches") for r in results if r.measured]
    report.notes.append(
        "- W4 matched "
        + ", ".join(f"{m:,} of {r.size:,}" for m, r in zip(matches, results, strict=True) if m is not None)
        + " conversations."
    )
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    today = dt.datetime.now(dt.UTC).date()
    try:
        for engine in args.databases:
            report = bench_engine(engine, args)
            print(f"\n# {engine}\n\n{report.table()}\n")
            print("\n".join(f"- {line}" for line in report.targets()))
            if not args.no_save:
                print(f"\nSaved {report.save(RESULTS, today).relative_to(ROOT)}")
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
