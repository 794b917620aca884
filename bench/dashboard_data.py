# ruff: noqa: S608 - every statement is built from this file's constants and integers, never from input.
"""Fill a database with N grades fast, for ``python -m bench.dashboard`` (run in the data set's environment).

    python -m bench.dashboard_data 1000000

The rows are made by the database itself (``generate_series`` on
PostgreSQL, a recursive CTE on SQLite), one ``INSERT … SELECT`` per table,
with the secondary indexes dropped for the load and built once afterwards
(``demo.rows.bulk_load``). Values come from a multiplicative hash of the row
number, so a run is repeatable. What the dashboard reads is complete and
consistent: a conversation, a survey and a grade per row; a recovery for
every C, D or F (open for the last two days, closed before that); and the
rollups, built from the grades by ``rollups_rebuild`` (the command's own
statement, so this times it too). Timeline events, grade history and
notices are left out: the dashboard never reads them.

Staff grow with the data, as they would: one rep per 16,000 grades (at
least 30) across twelve teams, each with a lead; the lead ``demo`` logs in.
"""

from __future__ import annotations

import os
import sys
import time

import django

DAYS = 182
TEAMS = 12
GRADES_PER_REP = 16_000
GRADES_PER_CUSTOMER = 50
CHANNELS = ("email", "phone", "chat", "web_form", "social", "letter")
PROBLEMS = ("lost_in_transit", "never_arrived", "defective", "wrong_item")
PASSWORD = "wowdesk-demo"  # noqa: S105 - the benchmark's documented login


def _hash(salt: int) -> str:
    """A well-mixed integer in [0, 2**31 - 1) from the row number ``n``; the same SQL on both databases."""
    return f"((n * 2654435761 + {salt * 40503 + 977}) % 2147483647)"


def _case(expression: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"(CASE {expression} % {len(values)} {whens} END)"


class Dialect:
    def __init__(self, vendor: str, total: int) -> None:
        self.vendor = vendor
        self.total = total

    def rows(self) -> str:
        if self.vendor == "postgresql":
            return f"(SELECT g AS n FROM generate_series(1, {self.total}) AS g) AS seq"
        recursive = f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {self.total})"
        return f"({recursive} SELECT n FROM s) AS seq"

    def ago(self, seconds: str) -> str:
        """A timestamp ``seconds`` before now (after it when negative), as each backend stores it."""
        if self.vendor == "postgresql":
            return f"(now() - make_interval(secs => {seconds}))"
        return f"strftime('%Y-%m-%d %H:%M:%f', 'now', printf('%d seconds', -({seconds})))"

    def day_ago(self, seconds: str) -> str:
        if self.vendor == "postgresql":
            return f"((now() - make_interval(secs => {seconds}))::date)"
        return f"date('now', printf('%d seconds', -({seconds})))"


def fill(total: int) -> dict[str, float]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.db.models import Model

    from wowdesk.accounts.models import Department, Team, User
    from wowdesk.conversations.models import Conversation
    from wowdesk.customers.models import Customer
    from wowdesk.demo.rows import bulk_load
    from wowdesk.happiness.models import Grade, Recovery, Survey
    from wowdesk.happiness.services import rollups_rebuild

    timings: dict[str, float] = {}
    sql = Dialect(connection.vendor, total)
    reps = max(30, total // GRADES_PER_REP)
    password = make_password(PASSWORD)
    with transaction.atomic():
        service = Department.objects.create(name="Customer Loyalty", slug="customer-loyalty", is_customer_service=True)
        teams = Team.objects.bulk_create(
            Team(name=f"Team {i + 1:02d}", slug=f"team-{i + 1:02d}", department=service) for i in range(TEAMS)
        )
        leads = User.objects.bulk_create(
            User(username="demo" if i == 0 else f"lead{i}", role=User.Role.LEAD, team=team, department=service,
                 password=password, first_name="Lead", last_name=team.name)
            for i, team in enumerate(teams)
        )  # fmt: skip
        people = User.objects.bulk_create(
            User(username=f"rep{i:04d}", team=teams[i % TEAMS], department=service, password=password,
                 first_name=f"Rep {i:04d}", last_name=teams[i % TEAMS].name)
            for i in range(reps)
        )  # fmt: skip
    team0, rep0, lead0 = teams[0].pk, people[0].pk, leads[0].pk
    assert [t.pk for t in teams] == list(range(team0, team0 + TEAMS)), "team ids must be contiguous"
    assert [p.pk for p in people] == list(range(rep0, rep0 + reps)), "rep ids must be contiguous"
    assert [lead.pk for lead in leads] == list(range(lead0, lead0 + TEAMS)), "lead ids must be contiguous"

    customers = max(1000, total // GRADES_PER_CUSTOMER)
    rep_index = f"({_hash(4)} % {reps})"
    team_of = f"({rep_index} % {TEAMS})"
    age = f"({_hash(5)} % {DAYS * 86400})"  # seconds before now that the customer graded
    # A to F: mostly A and B; each team a little different (team 1 steady, the last the least consistent).
    roll = f"(({_hash(1)} % 1000) + {team_of} * 6)"
    letter = (
        f"(CASE WHEN {roll} < 560 THEN 'A' WHEN {roll} < 840 THEN 'B' WHEN {roll} < 925 THEN 'C' "
        f"WHEN {roll} < 970 THEN 'D' ELSE 'F' END)"
    )
    problem = (
        f"(CASE {_hash(3)} % 10 " + " ".join(f"WHEN {i} THEN '{p}'" for i, p in enumerate(PROBLEMS)) + " ELSE '' END)"
    )
    qn = connection.ops.quote_name

    def insert(model: type[Model], columns: list[str], select: str, source: str) -> None:
        started = time.perf_counter()
        table = qn(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) SELECT {select} FROM {source}")
        timings[model._meta.db_table] = time.perf_counter() - started

    with bulk_load([Customer, Conversation, Survey, Grade, Recovery]), transaction.atomic():
        insert(
            Customer,
            ["id", "created_at", "updated_at", "name", "preferred_name", "language", "address_line1", "address_line2",
             "city", "region", "postal_code", "country"],
            f"n, {sql.ago(str(DAYS * 86400))}, {sql.ago(str(DAYS * 86400))}, 'Customer ' || n, '', 'en', '', '', "
            "'Springfield', '', '', 'US'",
            Dialect(connection.vendor, customers).rows(),
        )  # fmt: skip
        insert(
            Conversation,
            ["id", "created_at", "updated_at", "customer_id", "channel", "subject", "status", "priority",
             "assignee_id", "team_id", "last_activity_at", "preview", "resolved_at", "merged_into_id"],
            f"n, {sql.ago(f'{age} + 172800')}, {sql.ago(f'{age} + 3600')}, 1 + n % {customers}, "
            f"{_case(_hash(2), CHANNELS)}, 'Question ' || n, 'resolved', 'normal', {rep0} + {rep_index}, "
            f"{team0} + {team_of}, {sql.ago(f'{age} + 3600')}, '', {sql.ago(f'{age} + 3600')}, NULL",
            sql.rows(),
        )  # fmt: skip
        insert(
            Survey,
            ["id", "conversation_id", "customer_id", "status", "trigger", "token_digest", "email_id", "created_at",
             "expires_at"],
            f"n, n, 1 + n % {customers}, 'sent', 'resolved', NULL, NULL, {sql.ago(f'{age} + 3000')}, "
            f"{sql.ago(f'{age} + 3000 - 2592000')}",
            sql.rows(),
        )  # fmt: skip
        insert(
            Grade,
            ["id", "survey_id", "conversation_id", "letter", "comment", "revision", "day", "channel", "team_id",
             "rep_id", "problem", "first_graded_at", "graded_at"],
            f"n, n, n, {letter}, '', 1, {sql.day_ago(age)}, {_case(_hash(2), CHANNELS)}, {team0} + {team_of}, "
            f"{rep0} + {rep_index}, {problem}, {sql.ago(age)}, {sql.ago(age)}",
            sql.rows(),
        )  # fmt: skip
        # C, D and F open a recovery: still open if graded in the last two days, else closed a few hours later.
        took = f"(600 + {_hash(7)} % 28800)"
        is_open = f"({age} < 172800)"
        recent = f"CASE WHEN {is_open} THEN NULL ELSE"
        insert(
            Recovery,
            ["id", "grade_id", "conversation_id", "letter", "team_id", "rep_id", "opened_at", "closed_at",
             "closed_by_id", "closed_day", "recovery_seconds", "what_was_done", "gesture_id"],
            f"n, n, n, {letter}, {team0} + {team_of}, {rep0} + {rep_index}, {sql.ago(age)}, "
            f"{recent} {sql.ago(f'{age} - {took}')} END, {recent} {rep0} + {rep_index} END, "
            f"{recent} {sql.day_ago(f'{age} - {took}')} END, {recent} {took} END, "
            f"CASE WHEN {is_open} THEN '' ELSE 'Called back and put it right.' END, NULL",
            f"{sql.rows()} WHERE {letter} IN ('C', 'D', 'F')",
        )  # fmt: skip
        loaded = time.perf_counter()
    timings["indexes"] = time.perf_counter() - loaded
    started = time.perf_counter()
    teams_rows, reps_rows = rollups_rebuild()
    timings["rollups_rebuild"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        for model in (Customer, Conversation, Survey, Grade, Recovery):
            table = qn(model._meta.db_table)
            with connection.cursor() as cursor:
                sequence = f"pg_get_serial_sequence('{model._meta.db_table}', 'id')"
                cursor.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")
    timings["teamday_rows"] = teams_rows
    timings["repday_rows"] = reps_rows
    timings["reps"] = reps
    return timings


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wowdesk.config.settings")
    django.setup()
    total = int(sys.argv[1])
    started = time.perf_counter()
    timings = fill(total)
    timings["total"] = time.perf_counter() - started
    import json

    print("TIMINGS " + json.dumps(timings))


if __name__ == "__main__":
    main()
