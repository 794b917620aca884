"""Keeping the rollups equal to the grades, one small statement at a time.

Every write that changes what the dashboard shows calls one of these inside
its own transaction, so a grade and its counts commit together:

- ``rollup_add``: a first grade adds one to its letter in both tables, with
  an upsert (``INSERT … ON CONFLICT … DO UPDATE SET a = a + excluded.a``),
  one statement that is correct under concurrency on SQLite and PostgreSQL;
- ``rollup_move``: a change of mind moves one count from the old letter to
  the new one in the same rows (attribution never changes), a plain UPDATE;
- ``rollup_recovery``: a closed recovery adds to the day it closed.

``rollups_rebuild`` recomputes both tables from scratch with grouped
``INSERT … SELECT`` statements (the management command
``happiness_rebuild_rollups``), and ``rollups_expected`` computes in Python
what the tables should hold, for the tests.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from wowdesk.happiness.models import LETTERS, Grade, Recovery, RepDay, TeamDay

COUNT_COLUMNS = tuple(letter.lower() for letter in LETTERS)


@dataclass(frozen=True)
class GradeKey:
    """Where a grade is counted: fixed when it was first given."""

    day: dt.date
    team_id: int
    rep_id: int
    channel: str
    problem: str

    @classmethod
    def of(cls, grade: Grade) -> GradeKey:
        return cls(
            day=grade.day,
            team_id=grade.team_id or 0,
            rep_id=grade.rep_id or 0,
            channel=grade.channel,
            problem=grade.problem,
        )


def _upsert(table: str, key_columns: tuple[str, ...], key: tuple[Any, ...], deltas: dict[str, int]) -> None:
    qn = connection.ops.quote_name
    columns = [*key_columns, *deltas]
    values: list[Any] = [*key, *deltas.values()]
    sets = ", ".join(f"{qn(c)} = {qn(table)}.{qn(c)} + excluded.{qn(c)}" for c in deltas)
    sql = (
        f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608 - names are ours, quoted
        f"VALUES ({', '.join(['%s'] * len(values))}) "
        f"ON CONFLICT ({', '.join(qn(c) for c in key_columns)}) DO UPDATE SET {sets}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _day(value: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def rollup_add(*, key: GradeKey, letter: str) -> None:
    """Count a first grade. Precondition: inside the transaction that wrote it."""
    delta = {letter.lower(): 1}
    _upsert(
        TeamDay._meta.db_table,
        ("day", "team_id", "channel", "problem"),
        (_day(key.day), key.team_id, key.channel, key.problem),
        delta,
    )
    _upsert(
        RepDay._meta.db_table,
        ("day", "team_id", "rep_id", "channel"),
        (_day(key.day), key.team_id, key.rep_id, key.channel),
        delta,
    )


def rollup_move(*, key: GradeKey, old: str, new: str) -> None:
    """Move one count from ``old`` to ``new``. Precondition: the grade was counted under ``key``."""
    if old == new:
        return
    change = {old.lower(): F(old.lower()) - 1, new.lower(): F(new.lower()) + 1}
    teams = TeamDay.objects.filter(day=key.day, team_id=key.team_id, channel=key.channel, problem=key.problem)
    reps = RepDay.objects.filter(day=key.day, team_id=key.team_id, rep_id=key.rep_id, channel=key.channel)
    if teams.update(**change) != 1 or reps.update(**change) != 1:
        # The counts disagree with the grades: refuse rather than hide it (rebuild with the command).
        raise RuntimeError(f"Rollups lack the row for {key}; run `python -m wowdesk happiness_rebuild_rollups`.")


def rollup_recovery(*, key: GradeKey, closed_day: dt.date, seconds: int) -> None:
    """Count a closed recovery on the day it closed. Precondition: inside the closing transaction."""
    _upsert(
        TeamDay._meta.db_table,
        ("day", "team_id", "channel", "problem"),
        (_day(closed_day), key.team_id, key.channel, key.problem),
        {"recoveries_closed": 1, "recovery_seconds": seconds},
    )


# Rebuilding and checking.


def _letter_counts() -> dict[str, Count]:
    return {column: Count("id", filter=Q(letter=letter)) for column, letter in zip(COUNT_COLUMNS, LETTERS, strict=True)}


def _team_grades() -> QuerySet[Any, Any]:
    return (
        Grade.objects.order_by()
        .values("day", "channel", "problem", team_key=Coalesce("team_id", Value(0)))
        .annotate(**_letter_counts())
    )


def _rep_grades() -> QuerySet[Any, Any]:
    return (
        Grade.objects.order_by()
        .values("day", "channel", team_key=Coalesce("team_id", Value(0)), rep_key=Coalesce("rep_id", Value(0)))
        .annotate(**_letter_counts())
    )


def _recoveries() -> QuerySet[Any, Any]:
    return (
        Recovery.objects.filter(closed_at__isnull=False)
        .order_by()
        .values("closed_day", channel=F("grade__channel"), problem=F("grade__problem"))
        .annotate(team_key=Coalesce("grade__team_id", Value(0)), closed=Count("id"), seconds=Sum("recovery_seconds"))
    )


def _insert_select(model: type[TeamDay | RepDay], columns: list[str], queryset: QuerySet[Any, Any]) -> None:
    """``INSERT INTO <rollup> (columns) <the grouped query>``: one statement, the database does the work."""
    sql, params = queryset.query.sql_with_params()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) {sql}",
            params,
        )


@transaction.atomic
def rollups_rebuild() -> tuple[int, int]:
    """Recompute both rollup tables from the grades and recoveries; returns their row counts.

    Locks out nothing else; run it when grading is quiet (after a restore,
    or if ``rollup_move`` ever reports drift). One transaction: readers see
    the old counts or the new ones, never a half-built table.
    """
    TeamDay.objects.all().delete()
    RepDay.objects.all().delete()
    # SQL column order: the plain fields given to values(), then its aliases, then the annotations.
    _insert_select(TeamDay, ["day", "channel", "problem", "team_id", *COUNT_COLUMNS], _team_grades())
    _insert_select(RepDay, ["day", "channel", "team_id", "rep_id", *COUNT_COLUMNS], _rep_grades())
    for row in _recoveries():
        _upsert(
            TeamDay._meta.db_table,
            ("day", "team_id", "channel", "problem"),
            (_day(row["closed_day"]), row["team_key"], row["channel"], row["problem"]),
            {"recoveries_closed": int(row["closed"]), "recovery_seconds": int(row["seconds"] or 0)},
        )
    return TeamDay.objects.count(), RepDay.objects.count()


type Counts = dict[tuple[object, ...], tuple[int, ...]]


def rollups_expected() -> tuple[Counts, Counts]:
    """What TeamDay and RepDay should hold, computed from the grades alone (zero rows left out)."""
    teams: defaultdict[tuple[object, ...], list[int]] = defaultdict(lambda: [0] * 7)
    for row in _team_grades():
        key = (row["day"], row["team_key"], row["channel"], row["problem"])
        for i, column in enumerate(COUNT_COLUMNS):
            teams[key][i] += int(row[column])
    for row in _recoveries():
        key = (row["closed_day"], row["team_key"], row["channel"], row["problem"])
        teams[key][5] += int(row["closed"])
        teams[key][6] += int(row["seconds"] or 0)
    reps: Counts = {}
    for row in _rep_grades():
        counts = tuple(int(row[c]) for c in COUNT_COLUMNS)
        if any(counts):
            reps[(row["day"], row["team_key"], row["rep_key"], row["channel"])] = counts
    return {k: tuple(v) for k, v in teams.items() if any(v)}, reps


def rollups_stored() -> tuple[Counts, Counts]:
    """What the rollup tables hold, in the shape of ``rollups_expected`` (rows of zeros left out)."""
    teams: Counts = {}
    for t in TeamDay.objects.all():
        values = (t.a, t.b, t.c, t.d, t.f, t.recoveries_closed, t.recovery_seconds)
        if any(values):
            teams[(t.day, t.team_id, t.channel, t.problem)] = values
    reps: Counts = {}
    for r in RepDay.objects.all():
        counts = (r.a, r.b, r.c, r.d, r.f)
        if any(counts):
            reps[(r.day, r.team_id, r.rep_id, r.channel)] = counts
    return teams, reps
