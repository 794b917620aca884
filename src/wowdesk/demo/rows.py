"""Fast bulk writes for the demo generator: plain tuples, ids chosen here.

The benchmark data sets hold ten million rows. The ORM's ``bulk_create``
spends most of its time building model instances and asking the database
for the new ids; here a generator appends DB-ready tuples with ids it took
from ``RowWriter.next_id`` (so rows can point at each other before any of
them is written), and each table is written with one ``executemany``
(SQLite) or ``COPY`` (PostgreSQL) per chunk.

``bulk_load`` goes further for a whole seeding run: it drops the secondary
indexes and full-text triggers of the big tables, and rebuilds them once at
the end. Building an index over sorted data once is several times cheaper
than maintaining it row by row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from wowdesk.search.schema import FTS_TABLES

Row = tuple[Any, ...]
FLUSH_EVERY = 20_000


def _day_or_none(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


class RowSink:
    """Where a generator puts rows: ids to use, values in database form, and ``add``.

    Rows must already be in database form: use ``ts`` for datetimes,
    ``day`` for dates and ``json`` for JSON values. Columns are given by
    attribute name (``customer_id``), in the order of each row's values.
    """

    def __init__(self, *, sqlite: bool) -> None:
        self.sqlite = sqlite
        self._rows: dict[type[Model], list[Row]] = {}
        self._json_memo: dict[tuple[tuple[str, Any], ...], str] = {}

    def ts(self, value: dt.datetime) -> dt.datetime | str:
        """A datetime as the backend stores it: on SQLite Django's text form of naive UTC, aware elsewhere."""
        if self.sqlite:
            if value.tzinfo is not dt.UTC:
                value = value.astimezone(dt.UTC)
            return value.isoformat(" ")[:-6]  # without "+00:00": what str() of the naive value gives
        return value

    def ts_or_none(self, value: dt.datetime | None) -> dt.datetime | str | None:
        return None if value is None else self.ts(value)

    @staticmethod
    def day(value: dt.date) -> str:
        return value.isoformat()

    def json(self, value: object) -> str:
        """JSON text. Most timeline data is empty or one of a few status changes, so dicts are memoised."""
        if not isinstance(value, dict):
            return json.dumps(value)
        if not value:
            return "{}"
        try:
            key = tuple(value.items())
            text = self._json_memo.get(key)
        except TypeError:  # a nested, unhashable value
            return json.dumps(value)
        if text is None:
            text = self._json_memo[key] = json.dumps(value)
        return text

    def next_id(self, model: type[Model]) -> int:
        raise NotImplementedError

    def add(self, model: type[Model], row: Row) -> None:
        self._rows.setdefault(model, []).append(row)


class RowBlock(RowSink):
    """Rows made away from the database (in a worker process), with ids from ranges fixed in advance.

    ``ranges`` maps each model to its ``[start, end)`` ids. Handing out an
    id past the end is a bug in whoever sized the range, so it raises.
    The block pickles, to travel back to the process that writes it.
    """

    def __init__(self, *, sqlite: bool, ranges: dict[type[Model], tuple[int, int]]) -> None:
        super().__init__(sqlite=sqlite)
        self.ranges = ranges
        self._next = {model: start for model, (start, _end) in ranges.items()}

    def next_id(self, model: type[Model]) -> int:
        current = self._next[model]
        if current >= self.ranges[model][1]:
            raise OverflowError(f"{model.__name__}: the block's id range {self.ranges[model]} is used up")
        self._next[model] = current + 1
        return current

    @property
    def rows(self) -> dict[type[Model], list[Row]]:
        return self._rows

    # Models travel by label: auto-created many-to-many models cannot be pickled by reference.

    def __getstate__(self) -> dict[str, Any]:
        def labelled[V](by_model: dict[type[Model], V]) -> dict[str, V]:
            return {model._meta.label: value for model, value in by_model.items()}

        return {"sqlite": self.sqlite, "ranges": labelled(self.ranges), "rows": labelled(self._rows)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        def modelled[V](by_label: dict[str, V]) -> dict[type[Model], V]:
            return {apps.get_model(label): value for label, value in by_label.items()}

        self.__init__(sqlite=state["sqlite"], ranges=modelled(state["ranges"]))  # type: ignore[misc]
        self._rows = modelled(state["rows"])


class RowWriter(RowSink):
    """Buffers rows per model and writes them in chunks.

    Precondition: nobody else inserts into these tables while the writer is
    open (the ids it hands out are ``max(id) + 1`` onwards). ``close``
    writes what is left and, on PostgreSQL, moves each sequence past the
    ids used, so ORM inserts afterwards get fresh ids.
    """

    def __init__(self, using: str = "default") -> None:
        connection = connections[using]
        super().__init__(sqlite=connection.vendor == "sqlite")
        self.connection: BaseDatabaseWrapper = connection
        self._columns: dict[type[Model], tuple[str, ...]] = {}
        self._next_ids: dict[type[Model], int] = {}
        self.written: dict[type[Model], int] = {}
        self._plans: dict[type[Model], list[tuple[str, Callable[[Any], Any] | None]]] = {}

    def table(self, model: type[Model], columns: Sequence[str]) -> None:
        self._columns[model] = tuple(columns)
        self._rows.setdefault(model, [])
        self.written.setdefault(model, 0)

    def peek_id(self, model: type[Model]) -> int:
        """The id ``next_id`` would hand out, without taking it."""
        current = self._next_ids.get(model)
        if current is None:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
                current = self._next_ids[model] = int(cursor.fetchone()[0]) + 1
        return current

    def next_id(self, model: type[Model]) -> int:
        current = self.peek_id(model)
        self._next_ids[model] = current + 1
        return current

    def add(self, model: type[Model], row: Row) -> None:
        rows = self._rows[model]
        rows.append(row)
        if len(rows) >= FLUSH_EVERY:
            self.flush(model)

    def add_objects[M: Model](self, objects: Iterable[M]) -> list[M]:
        """Queue unsaved model instances as rows, giving each an id now; returns them.

        A drop-in for ``bulk_create`` in generators that build instances
        anyway: the primary keys are set at once, so instances made after
        these can point at them. Field values are used as they are (no
        ``pre_save``: set ``auto_now`` fields yourself). Precondition, as for
        ``bulk_create``: add parents before the rows that point at them.
        """
        added = list(objects)
        for obj in added:
            model = type(obj)
            plan = self._plans.get(model)
            if plan is None:
                plan = self._plans[model] = self._plan(model)
            if obj.pk is None:
                obj.pk = self.next_id(model)
            self.add(
                model, tuple(convert(getattr(obj, name)) if convert else getattr(obj, name) for name, convert in plan)
            )
        return added

    def _plan(self, model: type[Model]) -> list[tuple[str, Callable[[Any], Any] | None]]:
        plan: list[tuple[str, Callable[[Any], Any] | None]] = []
        for field in model._meta.concrete_fields:
            kind = field.get_internal_type()
            convert: Callable[[Any], Any] | None = None
            if kind == "DateTimeField":
                convert = self.ts_or_none
            elif kind == "DateField":
                convert = _day_or_none
            elif kind == "JSONField":
                convert = self.json
            plan.append((field.attname, convert))
        self.table(model, [name for name, _convert in plan])
        return plan

    def reserve(self, ranges: dict[type[Model], tuple[int, int]]) -> None:
        """Later ids start after these ranges, used or not (rows written by someone else, such as a spool)."""
        for model, (_start, end) in ranges.items():
            self._next_ids[model] = max(self.peek_id(model), end)

    def take(self, block: RowBlock) -> None:
        """Write a block's rows; later ids start after the block's ranges, used or not."""
        self.reserve(block.ranges)
        for model, rows in block.rows.items():
            if rows:
                self._write(model, rows)
                self.written[model] += len(rows)

    # Writing.

    def flush(self, model: type[Model] | None = None) -> None:
        for each in [model] if model else list(self._rows):
            rows = self._rows[each]
            if rows:
                self._write(each, rows)
                self.written[each] += len(rows)
                self._rows[each] = []

    def db_columns(self, model: type[Model]) -> list[str]:
        """The database columns of a declared table, in the order its rows hold them."""
        by_attname = {f.attname: f.column or f.attname for f in model._meta.concrete_fields}
        return [by_attname[name] for name in self._columns[model]]

    def _write(self, model: type[Model], rows: list[Row]) -> None:
        meta = model._meta
        columns = self.db_columns(model)
        quoted = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        table = self.connection.ops.quote_name(meta.db_table)
        with self.connection.cursor() as cursor:
            if self.sqlite:
                marks = ", ".join("?" * len(columns))
                cursor.cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)  # noqa: S608
                return
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def close(self) -> None:
        self.flush()
        if not self.sqlite and self._next_ids:
            statements = self.connection.ops.sequence_reset_sql(no_style(), list(self._next_ids))
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _sqlite_objects(connection: BaseDatabaseWrapper, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """(type, name, sql) of the indexes and triggers on these tables; implicit indexes have no sql and stay."""
    marks = ", ".join("%s" for _ in tables)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master "  # noqa: S608
            f"WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ({marks})",
            list(tables),
        )
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]


def _pg_indexes(connection: BaseDatabaseWrapper, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes on these tables that no constraint owns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND NOT EXISTS ("
            " SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            " (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
            [list(tables)],
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]


@contextmanager
def bulk_load(models: Sequence[type[Model]], using: str = "default") -> Iterator[None]:
    """Drop the secondary indexes (and, on SQLite, the full-text triggers) of these tables, then put them back.

    On the way out, whether the body succeeded or not, every index is
    recreated from its saved definition and the full-text tables fed by
    these tables are refilled from them, so the schema is exactly as it
    was. Precondition: only the demo generator writes while this is open
    (nothing else may rely on the missing indexes or triggers).
    """
    connection = connections[using]
    tables = [m._meta.db_table for m in models]
    if connection.vendor == "sqlite":
        objects = _sqlite_objects(connection, tables)
        with connection.cursor() as cursor:
            for kind, name, _sql in objects:
                cursor.execute(f"DROP {kind.upper()} IF EXISTS {connection.ops.quote_name(name)}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for _kind, _name, sql in objects:
                    cursor.execute(sql)
                for fts in FTS_TABLES:
                    if fts.source in tables:
                        for sql in fts.rebuild():
                            cursor.execute(sql)
                # Fresh statistics so the planner picks the indexes just built.
                cursor.execute("PRAGMA analysis_limit = 1000")
                cursor.execute("ANALYZE")
        return
    indexes = _pg_indexes(connection, tables)
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Inside an outer transaction (tests), deferred foreign-key checks still queued would make
            # CREATE INDEX refuse ("pending trigger events"): run them now, then defer again as Django does.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Index builds sort in memory when they can; the default 64 MB spills to disk at a million rows.
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
