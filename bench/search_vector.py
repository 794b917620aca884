"""``python -m bench.search_vector``: what the stored body vector buys PostgreSQL search.

    python -m bench.search_vector --size 100k       # builds the PostgreSQL data set if missing, keeps it

On one data set, the message-body part of a search (every matching message
with its rank) is timed two ways, each with its own GIN index: ranking from
the stored ``search_body`` column (what WowDesk does) and parsing every
matching body again (what it did before, an expression index on
``to_tsvector(body)``). Words from rare (``zanzibar``, about one conversation
in a thousand) to very common. ``EXPLAIN ANALYZE`` execution times, median of
seven runs, and the ratio old / new. The temporary expression index is
dropped afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
from collections.abc import Callable

import psycopg

from bench.__main__ import RESULTS, _size
from bench.datasets import SEARCH_WORD, DataSet
from bench.report import _size as size_label
from wowdesk.search.schema import KINDS_SQL, PG_CONFIG

RUNS = 7
WORDS = (SEARCH_WORD, "parcel", "size")
OLD_INDEX = "bench_old_body_expression"


def _query(term: str) -> str:
    return f"to_tsquery('{PG_CONFIG}'::regconfig, '{term}:*')"


def _old(term: str) -> str:
    body = f"to_tsvector('{PG_CONFIG}'::regconfig, body)"
    return (
        f"SELECT e.conversation_id, ts_rank({body}, {_query(term)}) FROM conversations_timelineentry e "  # noqa: S608
        f"WHERE e.kind IN ({KINDS_SQL}) AND {body} @@ {_query(term)}"
    )


def _new(term: str) -> str:
    return (
        f"SELECT e.conversation_id, ts_rank(search_body, {_query(term)}) FROM conversations_timelineentry e "  # noqa: S608
        f"WHERE search_body IS NOT NULL AND search_body @@ {_query(term)}"
    )


def _median_ms(cursor: psycopg.Cursor[tuple[object, ...]], sql: str) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(RUNS):
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        row = cursor.fetchone()
        assert row is not None
        plan = row[0][0]  # type: ignore[index]
        times.append(float(plan["Execution Time"]))
        rows = int(plan["Plan"]["Actual Rows"])
    return statistics.median(times), rows


def measure(data: DataSet) -> list[str]:
    lines = [
        f"# PostgreSQL search: stored body vector against re-parsing, {size_label(data.size)} conversations",
        "",
        "`python -m bench.search_vector`: the message-body part of a search, EXPLAIN ANALYZE execution time,",
        f"median of {RUNS} runs, JIT and parallel workers off as in the app.",
        "",
        "| word | matching messages | re-parse each body (before) | stored vector (now) | before / now |",
        "|---|---:|---:|---:|---:|",
    ]
    with psycopg.connect(data.database_url, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("SET jit = off")
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON conversations_timelineentry USING gin "
            f"(to_tsvector('{PG_CONFIG}'::regconfig, body)) WHERE kind IN ({KINDS_SQL})"
        )
        cursor.execute("ANALYZE conversations_timelineentry")
        try:
            forms: tuple[Callable[[str], str], Callable[[str], str]] = (_old, _new)
            for word in WORDS:
                (before, rows), (now, _rows) = (_median_ms(cursor, form(word)) for form in forms)
                lines.append(f"| {word} | {rows:,} | {before:.2f} ms | {now:.2f} ms | {before / now:.1f}× |")
        finally:
            cursor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_vector", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=_size, default=100_000, help="Conversations in the data set (100k).")
    parser.add_argument("--no-save", action="store_true", help="Print the table only.")
    args = parser.parse_args()
    data = DataSet("postgresql", args.size)
    if not data.exists():
        print(f"building {data.label} (kept for later runs)")
        data.build()
    report = "\n".join(measure(data)) + "\n"
    print(report)
    if not args.no_save:
        day = dt.datetime.now(dt.UTC).date().isoformat()
        path = RESULTS / f"{day}-search-vector-postgresql-{size_label(data.size)}.md"
        path.write_text(report)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
