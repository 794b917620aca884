"""The full-text index objects: FTS5 tables and triggers on SQLite, GIN
indexes on PostgreSQL (over a stored tsvector column for message bodies,
over expressions for the short texts).

They live outside Django's models because neither is something the ORM can
describe. The search migration installs them; ``ensure_sqlite_triggers``
(run after every ``migrate``) puts back triggers that a later migration
dropped: Django's SQLite schema editor rebuilds a table to alter it, and
dropping the old table drops its triggers with it.

What is indexed: customer names, preferred names and email addresses;
conversation subjects; the text of messages and internal notes (events such
as "Assigned to Rita" are not indexed: they would make every conversation
match a rep's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

TOKENIZER = "porter unicode61 remove_diacritics 2"
PG_CONFIG = "wowdesk_search"
INDEXED_ENTRY_KINDS = ("inbound", "outbound", "note")
KINDS_SQL = ", ".join(f"'{k}'" for k in INDEXED_ENTRY_KINDS)


@dataclass(frozen=True)
class FtsTable:
    """An external-content FTS5 table over ``source``; ``where`` uses ``{row}`` for new/old."""

    name: str
    source: str
    columns: tuple[str, ...]
    where: str = ""
    # Source columns ``where`` reads; an update of them must re-check the row.
    where_columns: tuple[str, ...] = ()

    def _cond(self, row: str) -> str:
        return self.where.format(row=row) if self.where else "1"

    def _values(self, row: str) -> str:
        return ", ".join(f"{row}.{c}" for c in self.columns)

    @property
    def triggers(self) -> dict[str, str]:
        cols = ", ".join(self.columns)
        watched = ", ".join(dict.fromkeys([*self.columns, *self.where_columns]))
        ins = f"INSERT INTO {self.name}(rowid, {cols}) SELECT new.id, {self._values('new')} WHERE {self._cond('new')};"
        # External-content tables must be told the old values to remove them.
        delete = (
            f"INSERT INTO {self.name}({self.name}, rowid, {cols}) "
            f"SELECT 'delete', old.id, {self._values('old')} WHERE {self._cond('old')};"
        )
        return {
            f"{self.name}_ai": f"CREATE TRIGGER {self.name}_ai AFTER INSERT ON {self.source} BEGIN {ins} END",
            f"{self.name}_ad": f"CREATE TRIGGER {self.name}_ad AFTER DELETE ON {self.source} BEGIN {delete} END",
            f"{self.name}_au": (
                f"CREATE TRIGGER {self.name}_au AFTER UPDATE OF {watched} ON {self.source} BEGIN {delete} {ins} END"
            ),
        }

    def create_table(self) -> str:
        cols = ", ".join(self.columns)
        return (
            f"CREATE VIRTUAL TABLE {self.name} USING fts5({cols}, content='{self.source}', "
            f"content_rowid='id', tokenize='{TOKENIZER}')"
        )

    def rebuild(self) -> list[str]:
        """Statements that re-fill the index from the source table.

        Not FTS5's own 'rebuild', which would index every source row,
        including the ones ``where`` leaves out.
        """
        cols = ", ".join(self.columns)
        refill = f"SELECT id, {cols} FROM {self.source} WHERE {self._cond(self.source)}"  # noqa: S608
        return [
            f"INSERT INTO {self.name}({self.name}) VALUES ('delete-all')",  # noqa: S608
            f"INSERT INTO {self.name}(rowid, {cols}) {refill}",
        ]


FTS_TABLES = (
    FtsTable(
        name="search_entry_fts",
        source="conversations_timelineentry",
        columns=("body",),
        where=f"{{row}}.kind IN ({KINDS_SQL})",
        where_columns=("kind",),
    ),
    FtsTable(name="search_subject_fts", source="conversations_conversation", columns=("subject",)),
    FtsTable(name="search_customer_fts", source="customers_customer", columns=("name", "preferred_name")),
    FtsTable(name="search_email_fts", source="customers_customeremail", columns=("email",)),
)


def pg_vector(expression: str) -> str:
    """The tsvector expression; queries must spell it exactly like the index does."""
    return f"to_tsvector('{PG_CONFIG}'::regconfig, {expression})"


# Message bodies are long and many, so their vector is stored, not recomputed: a generated
# column that PostgreSQL keeps up to date on every insert and update. Ranking a match then
# reads the stored vector instead of parsing the body again (about 40 µs a match), and the
# GIN index is built from the column. Events get NULL: they are not indexed.
PG_ENTRY_COLUMN = "search_body"
PG_ENTRY_BODY = PG_ENTRY_COLUMN
PG_ENTRY_COLUMN_SQL = (
    f"ALTER TABLE conversations_timelineentry ADD COLUMN IF NOT EXISTS {PG_ENTRY_COLUMN} tsvector "
    f"GENERATED ALWAYS AS (CASE WHEN kind IN ({KINDS_SQL}) THEN {pg_vector('body')} END) STORED"
)
PG_SUBJECT = pg_vector("subject")
PG_CUSTOMER_NAME = pg_vector("name || ' ' || preferred_name")
# The address as one token (the parser knows emails) and as its parts, so
# both "ana.lima@example.com" and "lima" find it.
PG_EMAIL = pg_vector("email || ' ' || translate(email, '@.+_-', '     ')")

PG_INDEXES = {
    "search_entry_body_tsv": (
        f"CREATE INDEX search_entry_body_tsv ON conversations_timelineentry USING gin ({PG_ENTRY_COLUMN}) "
        f"WHERE {PG_ENTRY_COLUMN} IS NOT NULL"
    ),
    "search_subject_tsv": f"CREATE INDEX search_subject_tsv ON conversations_conversation USING gin ({PG_SUBJECT})",
    "search_customer_name_tsv": (
        f"CREATE INDEX search_customer_name_tsv ON customers_customer USING gin ({PG_CUSTOMER_NAME})"
    ),
    "search_email_tsv": f"CREATE INDEX search_email_tsv ON customers_customeremail USING gin ({PG_EMAIL})",
}


def _sqlite_install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in FTS_TABLES:
            cursor.execute(table.create_table())
            for sql in table.triggers.values():
                cursor.execute(sql)
            for sql in table.rebuild():
                cursor.execute(sql)


def _sqlite_uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in FTS_TABLES:
            for trigger in table.triggers:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {table.name}")


def _pg_install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        has_unaccent = cursor.fetchone() is not None
        if has_unaccent:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)")
        if has_unaccent:
            # "José" and "Jose" become the same word, as remove_diacritics does on SQLite.
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
            )
        cursor.execute(PG_ENTRY_COLUMN_SQL)
        for sql in PG_INDEXES.values():
            cursor.execute(sql)


def _pg_uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name in PG_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        # The column's expression uses the configuration, so it goes first.
        cursor.execute(f"ALTER TABLE conversations_timelineentry DROP COLUMN IF EXISTS {PG_ENTRY_COLUMN}")
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")
        # The unaccent extension stays: other schema objects may use it.


def install(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        _sqlite_install(connection)
    elif connection.vendor == "postgresql":
        _pg_install(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        _sqlite_uninstall(connection)
    elif connection.vendor == "postgresql":
        _pg_uninstall(connection)


def ensure_sqlite_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """Recreate missing triggers and re-fill their index; return the tables repaired.

    Does nothing before the search migration ran (no FTS tables) or on
    other databases.
    """
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        repaired = []
        for table in FTS_TABLES:
            if table.name not in existing:
                continue
            missing = [sql for name, sql in table.triggers.items() if name not in existing]
            if not missing:
                continue
            for sql in missing:
                cursor.execute(sql)
            for sql in table.rebuild():
                cursor.execute(sql)
            repaired.append(table.name)
    return repaired
