"""Scratch SQLite files that worker processes write their chunks into, merged by the parent in C.

On SQLite one process writes the database, and turning a chunk's Python
tuples into rows (``executemany``) was most of that process's time at a
million conversations, while the workers waited. With a spool each worker
also does that part, into its own scratch file with the same tables (no
indexes, no triggers, no durability), and the parent copies each file in
with one ``INSERT … SELECT`` per table, which runs inside SQLite.

The chunks' ids are fixed in advance (``ChunkPlan``), so rows from
different spools never collide, and the result is the same as writing
each chunk directly.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

from django.db import connections
from django.db.models import Model

from wowdesk.demo.rows import RowBlock


class Spool:
    """The tables' definitions (read once from the database) and the folder the scratch files go in.

    Made in the parent before the workers fork. A worker writes each chunk
    into a file of its own (``write``); the parent copies each file in as
    its chunk comes back (``merge_one``), so copying overlaps with the
    workers building the next chunks.
    """

    def __init__(self, columns: dict[type[Model], Sequence[str]], using: str = "default") -> None:
        """``columns``: for each model, the database columns a block's rows hold, in order."""
        self.using = using
        self.folder = Path(tempfile.mkdtemp(prefix="wowdesk-spool-"))
        self.tables = {m._meta.db_table: ", ".join(f'"{c}"' for c in cols) for m, cols in columns.items()}
        names = list(self.tables)
        marks = ", ".join("%s" for _ in names)
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ({marks})", names)  # noqa: S608
            self.ddl = dict(cursor.fetchall())

    def write(self, block: RowBlock, name: str) -> Path:
        """Put a block's rows in a new scratch file called ``name`` (in a worker); returns its path."""
        path = self.folder / f"{name}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            # A scratch file: if the process dies, the whole seed fails anyway.
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            for sql in self.ddl.values():
                conn.execute(sql)
            for model, rows in block.rows.items():
                if rows:
                    table = model._meta.db_table
                    marks = ", ".join("?" * len(rows[0]))
                    conn.executemany(f'INSERT INTO "{table}" ({self.tables[table]}) VALUES ({marks})', rows)  # noqa: S608
            conn.execute("COMMIT")
        finally:
            conn.close()
        return path

    def merge_one(self, path: Path) -> None:
        """Copy one scratch file into the database and delete it (in the parent, outside any transaction)."""
        with connections[self.using].cursor() as cursor:
            cursor.execute("ATTACH DATABASE %s AS spool", [str(path)])
            try:
                for table, cols in self.tables.items():
                    cursor.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM spool."{table}"')  # noqa: S608
            finally:
                cursor.execute("DETACH DATABASE spool")
        path.unlink()

    def close(self) -> None:
        for path in self.folder.glob("*.sqlite3"):
            path.unlink()
        self.folder.rmdir()
