"""``python -m bench.profile``: where each benchmarked page spends its time, on a benchmark data set.

    python -m bench.profile --database sqlite --size 100k         # builds the data set if missing, keeps it
    python -m bench.profile --database postgresql --size 1M --pages W2,W3

For each page of the benchmark it reports, in process and with the same
settings as production (DEBUG off, the full middleware stack):

- the time per request split between the database (every query timed
  through an execute wrapper) and Python (everything else: middleware,
  views, ORM, templates);
- every distinct query with its plan (``EXPLAIN QUERY PLAN`` on SQLite,
  ``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL), table scans flagged;
- a pyinstrument profile of repeated requests: the functions that take the
  most time of their own, and the call tree above a threshold.

The report goes to ``bench/results/<date>-profile-<database>-<size>.md``. It
is evidence for the notes in the benchmark's results: a page that misses its
target because of Python work shows a small database share and a flat list
of template and ORM functions; a page that scans shows it in its plans.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.__main__ import RESULTS, _size
from bench.datasets import DataSet
from bench.http import BenchError
from bench.report import _size as size_label
from bench.server import ROOT
from bench.workloads import LEAD, pages

# Plan lines that read a whole table: the thing the benchmark's growth targets forbid on big tables.
SQLITE_SCAN = re.compile(r"\bSCAN (\w+)\b(?! USING)")
PG_SCAN = re.compile(r"Seq Scan on (\w+)")
TREE_THRESHOLD = 0.03  # call-tree nodes under 3% of the page's time are folded away
FLAT_LINES = 20


@dataclass(frozen=True)
class Probe:
    """One request to profile: a page of the benchmark, or W5's API create."""

    key: str
    title: str
    path: str
    user: str
    body: dict[str, Any] | None = None  # a JSON POST with a token when given, else a GET with the session

    @property
    def expected(self) -> int:
        return 201 if self.body is not None else 200


def probes(data: DataSet) -> list[Probe]:
    found = [Probe(p.key, p.title, p.path, p.user) for p in pages(data)]
    body = {
        "customer_id": data.a_customer(),
        "channel": "email",
        "subject": "bench.profile: a wide fit?",
        "body": "Hello, do the trail shoes come in a wide fit? Thanks!",
    }
    return [*found, Probe("W5", "W5 API conversation create (one client)", "/api/conversations", LEAD, body)]


@dataclass
class QueryPlan:
    sql: str
    calls: int
    plan: list[str]
    scans: list[str]


@dataclass
class PageProfile:
    page: Probe
    requests: int
    total_ms: float
    db_ms: float
    queries: float
    plans: list[QueryPlan] = field(default_factory=list)
    flat: str = ""
    tree: str = ""

    @property
    def python_ms(self) -> float:
        return self.total_ms - self.db_ms

    @property
    def db_share(self) -> float:
        return self.db_ms / self.total_ms if self.total_ms else 0.0


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--size", type=_size, default=100_000, help="Conversations in the data set (100k).")
    parser.add_argument("--pages", default="", help="Page keys, e.g. W2,W3 (default: every page).")
    parser.add_argument("--requests", type=int, default=50, help="Requests timed and profiled per page (50).")
    parser.add_argument("--no-save", action="store_true", help="Print the report only.")
    return parser.parse_args(argv)


class QueryTimer:
    """A ``connection.execute_wrapper``: counts queries and sums the time spent inside the driver."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


@contextmanager
def _django(data: DataSet) -> Iterator[None]:
    """Configure Django in this process for ``data``, exactly as the benchmark's gunicorn is configured."""
    os.environ.update(data.env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    yield


ALIAS = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?\s+(?:AS\s+)?"?(\w+)"?', re.IGNORECASE)


def _scanned_tables(lines: list[str], pattern: re.Pattern[str], sql: str, tables: set[str]) -> list[str]:
    """Stored tables read whole: aliases resolved; full-text indexes and CTE results are not tables."""
    aliases = {alias: table for table, alias in ALIAS.findall(sql)}
    found = []
    for line in lines:
        match = pattern.search(line)
        if match and "VIRTUAL TABLE" not in line:
            table = aliases.get(match.group(1), match.group(1))
            if table in tables:
                found.append(table)
    return found


def _plan(engine: str, sql: str) -> tuple[list[str], list[str]]:
    from django.db import connection

    tables = {t for t in connection.introspection.table_names() if "_fts" not in t}
    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            lines = [str(row[3]) for row in cursor.fetchall()]
            return lines, _scanned_tables(lines, SQLITE_SCAN, sql, tables)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [str(row[0]) for row in cursor.fetchall()]
        return lines, _scanned_tables(lines, PG_SCAN, sql, tables)


def profile_page(engine: str, page: Probe, requests: int) -> PageProfile:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    # The benchmark's server answers to 127.0.0.1 only (ALLOWED_HOSTS), as production would.
    from wowdesk.accounts.models import User
    from wowdesk.accounts.services import api_token_create

    user = User.objects.get(username=page.user)
    client = Client(SERVER_NAME="127.0.0.1")
    if page.body is None:
        client.force_login(user)
    else:
        _token, secret = api_token_create(user=user, name="bench.profile")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get() -> None:
        if page.body is None:
            response = client.get(page.path)
        else:
            response = client.post(page.path, page.body, content_type="application/json")
        if response.status_code != page.expected:
            raise BenchError(f"{page.key}: {page.path} answered {response.status_code}")

    for _ in range(5):
        get()  # warm caches: templates, compiled queries, the database's pages
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        for _ in range(requests):
            get()
        elapsed = time.perf_counter() - started

    with CaptureQueriesContext(connection) as captured:
        get()
    seen: dict[str, int] = {}
    for query in captured.captured_queries:
        sql = query["sql"]
        # Only reads can be explained without side effects (EXPLAIN ANALYZE runs the statement).
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen[sql] = seen.get(sql, 0) + 1
    plans = [QueryPlan(sql, calls, *_plan(engine, sql)) for sql, calls in seen.items()]

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        get()
    profiler.stop()
    flat = profiler.output_text(unicode=True, color=False, flat=True)
    tree = profiler.output_text(
        unicode=True, color=False, processor_options={"filter_threshold": TREE_THRESHOLD, "hide_regex": r".*/bench/.*"}
    )
    return PageProfile(
        page=page,
        requests=requests,
        total_ms=elapsed / requests * 1000,
        db_ms=timer.seconds / requests * 1000,
        queries=timer.count / requests,
        plans=plans,
        flat=_flat_top(flat),
        tree=tree.strip(),
    )


def _flat_top(text: str) -> str:
    """The header and the first functions of pyinstrument's flat (self time) listing."""
    lines = [line for line in text.splitlines() if line.strip()]
    body = [line for line in lines if re.match(r"\s*\d+\.\d+", line)]
    head = [line for line in lines if line not in body][:6]
    return "\n".join(head + body[:FLAT_LINES])


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def report(engine: str, size: int, profiles: list[PageProfile]) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if engine == "sqlite" else "SHOW server_version")
        version = f"{connection.vendor} {cursor.fetchone()[0]}"
    out = [
        f"# Where the time goes: {engine}, {size_label(size)} conversations ({_today():%Y-%m-%d})",
        "",
        "`python -m bench.profile`, in process (Django's test client, no HTTP server), DEBUG off, logged in as",
        "the benchmark's users, after a warm-up. *Database* is the time inside the driver for every query",
        "(an execute wrapper); *Python* is the rest of the request: middleware, view, ORM, templates.",
        "On SQLite a query's rows after the first are stepped while they are fetched, which counts as",
        "Python here; on PostgreSQL the driver has every row when the query returns.",
        f"Database: {version}. Plans are of the queries of one request, with its real parameters.",
        "",
        "| page | ms per request | database ms | Python ms | database share | queries | table scans |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for p in profiles:
        scans = sorted({s for plan in p.plans for s in plan.scans})
        out.append(
            f"| {p.page.key} {p.page.path} | {p.total_ms:.1f} | {p.db_ms:.1f} | {p.python_ms:.1f} "
            f"| {p.db_share:.0%} | {p.queries:.0f} | {', '.join(scans) or 'none'} |"
        )
    for p in profiles:
        out += ["", f"## {p.page.key}: {p.page.title}", "", f"### Functions by own time ({p.requests} requests)", ""]
        out += ["```", p.flat, "```", "", f"### Call tree (nodes over {TREE_THRESHOLD:.0%})", "", "```", p.tree, "```"]
        out += ["", "### Queries and plans", ""]
        for plan in p.plans:
            sql = plan.sql if len(plan.sql) <= 600 else plan.sql[:600] + " …"
            calls = f" (×{plan.calls})" if plan.calls > 1 else ""
            out += [f"```sql\n{sql}{calls}\n```", "```", *plan.plan, "```", ""]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    data = DataSet(args.database, args.size)
    try:
        if data.exists():
            data.migrate()
        else:
            print(f"building {data.label} (kept for later runs; delete bench/work/{data.label} to drop it)")
            data.build()
        chosen = [p for p in probes(data) if not args.pages or p.key in args.pages.split(",")]
        if not chosen:
            raise BenchError(f"no page called {args.pages!r}")
        with _django(data):
            profiles = []
            for page in chosen:
                print(f"profiling {page.key} {page.path}", flush=True)
                profiles.append(profile_page(args.database, page, args.requests))
            text = report(args.database, args.size, profiles)
    except BenchError as exc:
        print(f"profile failed: {exc}", file=sys.stderr)
        return 1
    print(text)
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{_today():%Y-%m-%d}-profile-{args.database}-{size_label(args.size)}.md"
        path.write_text(text)
        print(f"Saved {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
