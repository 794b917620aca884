"""Benchmark data sets: one database per (engine, size), built with the demo generator.

SQLite data sets live in ``bench/work/sqlite-<N>/``; PostgreSQL ones are
databases named ``wowdesk_bench_<N>`` on the server given by
``WOWDESK_BENCH_PG_URL`` (default: postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg

from bench.http import BenchError
from bench.server import ROOT, app_env, manage

WORK = ROOT / "bench" / "work"
PG_URL = os.environ.get("WOWDESK_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# One customer per six conversations, as in the everyday demo (500 for 3,000).
CONVERSATIONS_PER_CUSTOMER = 6
SEARCH_WORD = "zanzibar"


def _pg_url(database: str) -> str:
    return urlunparse(urlparse(PG_URL)._replace(path=f"/{database}"))


def _pg_admin() -> psycopg.Connection[Any]:
    return psycopg.connect(PG_URL, autocommit=True)


@dataclass
class DataSet:
    engine: str  # "sqlite" or "postgresql"
    size: int

    @property
    def label(self) -> str:
        return f"{self.engine}-{self.size}"

    @property
    def var_dir(self) -> Path:
        return WORK / self.label

    @property
    def pg_database(self) -> str:
        return f"wowdesk_bench_{self.size}"

    @property
    def database_url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.var_dir / 'wowdesk.sqlite3'}"
        return _pg_url(self.pg_database)

    @property
    def env(self) -> dict[str, str]:
        return app_env(self.database_url, self.var_dir)

    @property
    def ready_marker(self) -> Path:
        return self.var_dir / "seeded"

    # Building.

    def exists(self) -> bool:
        return self.ready_marker.exists()

    def reset(self) -> None:
        shutil.rmtree(self.var_dir, ignore_errors=True)
        self.var_dir.mkdir(parents=True)
        if self.engine == "postgresql":
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.pg_database}"')

    def migrate(self) -> None:
        manage(self.env, "migrate", "--noinput", quiet=True)

    def build(self) -> float:
        """Migrate and seed from nothing; returns the seconds ``seed_demo`` took (W1)."""
        self.reset()
        self.migrate()
        started = time.perf_counter()
        manage(
            self.env,
            "seed_demo",
            "--conversations", str(self.size),
            "--customers", str(max(1, self.size // CONVERSATIONS_PER_CUSTOMER)),
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if self.engine == "postgresql":
            # What autovacuum does soon after a load anyway: visibility map and statistics.
            with psycopg.connect(self.database_url, autocommit=True) as conn:
                conn.execute("VACUUM (ANALYZE)")
        self.ready_marker.write_text(f"{seconds:.3f}\n")
        return seconds

    def drop(self) -> None:
        shutil.rmtree(self.var_dir, ignore_errors=True)
        if self.engine == "postgresql":
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')

    # Reading.

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            with sqlite3.connect(self.var_dir / "wowdesk.sqlite3") as conn:
                return conn.execute(sql.replace("%s", "?"), params).fetchall()
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.query(sql, params)[0][0]

    def row_counts(self) -> dict[str, int]:
        """Rows in every WowDesk table (the framework's own tables left out)."""
        if self.engine == "sqlite":
            names = [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
        else:
            names = [r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        prefixes = ("accounts_", "customers_", "conversations_", "orders_")
        ours = sorted(n for n in names if n.startswith(prefixes) and "fts" not in n)
        return {name: int(self.scalar(f'SELECT COUNT(*) FROM "{name}"')) for name in ours}  # noqa: S608

    def size_on_disk_mb(self) -> float:
        if self.engine == "sqlite":
            files = self.var_dir.glob("wowdesk.sqlite3*")
            return sum(f.stat().st_size for f in files) / 2**20
        return int(self.scalar("SELECT pg_database_size(current_database())")) / 2**20

    def middle_conversation(self) -> int:
        """A conversation from the middle of the history, with a few messages: a typical one to open."""
        low, high = self.query("SELECT MIN(id), MAX(id) FROM conversations_conversation")[0]
        found = self.query(
            "SELECT c.id FROM conversations_conversation c WHERE c.id >= %s AND c.assignee_id IS NOT NULL "
            "AND (SELECT COUNT(*) FROM conversations_timelineentry e WHERE e.conversation_id = c.id "
            "AND e.kind IN ('inbound', 'outbound')) >= 3 ORDER BY c.id LIMIT 1",
            ((low + high) // 2,),
        )
        if not found:
            raise BenchError(f"{self.label}: no conversation with three messages after the middle id")
        return int(found[0][0])

    def conversations_mentioning(self, word: str) -> int:
        """How many conversations have a message containing ``word`` (what W4's search matches)."""
        if self.engine == "sqlite":
            sql = (
                "SELECT COUNT(DISTINCT e.conversation_id) FROM search_entry_fts f "
                "JOIN conversations_timelineentry e ON e.id = f.rowid WHERE search_entry_fts MATCH %s"
            )
        else:
            sql = (
                "SELECT COUNT(DISTINCT conversation_id) FROM conversations_timelineentry "
                "WHERE kind IN ('inbound', 'outbound', 'note') "
                "AND to_tsvector('wowdesk_search'::regconfig, body) @@ plainto_tsquery('wowdesk_search'::regconfig, %s)"
            )
        return int(self.scalar(sql, (word,)))

    def count_subjects(self, prefix: str) -> tuple[int, int]:
        """(rows, distinct subjects) of conversations whose subject starts with ``prefix``."""
        row = self.query(
            "SELECT COUNT(*), COUNT(DISTINCT subject) FROM conversations_conversation WHERE subject LIKE %s",
            (prefix + "%",),
        )[0]
        return int(row[0]), int(row[1])

    def a_customer(self) -> int:
        return int(self.scalar("SELECT MIN(id) FROM customers_customer WHERE merged_into_id IS NULL"))
