"""Ranked id lists from the full-text indexes, one SQL statement each.

Each function takes the visible rows as a queryset and returns ids, best
first; the selectors then load the objects. Scores are "higher is better"
on both databases (SQLite's bm25 is negated).

A document matches when every term matches somewhere in it: a
conversation's subject or any message or note of its timeline, including
those of conversations merged into it (the merged timeline is what a rep
reads, so that is what is searched, and the merged-away conversation is
never listed itself); a customer's names or any of their email addresses.
Its score is the sum over terms of the best match of each term.
"""

# The SQL below is assembled from constants, table names and term positions
# only; every value that came from a user is a bound parameter. That is why
# the S608 (string-built SQL) warnings are silenced line by line.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

from wowdesk.search.query import SearchTerms
from wowdesk.search.schema import PG_CONFIG, PG_CUSTOMER_NAME, PG_EMAIL, PG_ENTRY_BODY, PG_SUBJECT

# A subject says what the whole conversation is about; weigh it above one message.
SUBJECT_WEIGHT = 2.0


def _visible_sql(queryset: QuerySet[Any], outer: str) -> tuple[str, tuple[Any, ...]] | None:
    """A condition true when the row aliased ``outer`` is in ``queryset``, or None when that is empty.

    On SQLite a correlated ``EXISTS``, one primary-key probe per hit: an
    ``IN (subquery)`` would first build the subquery's whole result, every
    conversation a lead may see (a million of them) on every search. On
    PostgreSQL ``IN``, which it plans as a semi-join that starts from the hits.
    """
    if queryset.query.is_empty():
        return None
    # No ORDER BY: a sorted IN-subquery makes PostgreSQL plan a nested loop.
    queryset = queryset.order_by()
    if connections[queryset.db].vendor == "sqlite":
        # ``outer`` is one of this module's own aliases, never user input.
        correlated = queryset.filter(pk=RawSQL(f"{outer}.id", ()))  # noqa: S611
        sql, params = correlated.values("id").query.sql_with_params()
        return f"EXISTS ({sql})", tuple(params)
    sql, params = queryset.values("id").query.sql_with_params()
    return f"{outer}.id IN ({sql})", tuple(params)


def _pg_term(function: str) -> str:
    return f"{function}('{PG_CONFIG}'::regconfig, %s)"


@dataclass(frozen=True)
class Source:
    """One indexed text: how to find (document id, score) rows matching one term.

    ``sqlite`` has one MATCH placeholder. ``postgres`` has ``{q}`` where the
    term's tsquery goes, twice (filter and rank); the tsquery is spelled out
    rather than joined in, so the planner sees a constant and uses the index.
    """

    sqlite: str
    postgres: str


CONVERSATION_SOURCES = (
    Source(
        sqlite="SELECT e.conversation_id, {term}, -bm25(search_entry_fts) "
        "FROM search_entry_fts JOIN conversations_timelineentry e ON e.id = search_entry_fts.rowid "
        "WHERE search_entry_fts MATCH %s",
        postgres=f"SELECT e.conversation_id, {{term}}, ts_rank({PG_ENTRY_BODY}, {{q}}) "  # noqa: S608
        f"FROM conversations_timelineentry e WHERE {PG_ENTRY_BODY} IS NOT NULL AND {PG_ENTRY_BODY} @@ {{q}}",
    ),
    Source(
        sqlite=f"SELECT rowid, {{term}}, -{SUBJECT_WEIGHT} * bm25(search_subject_fts) "  # noqa: S608
        "FROM search_subject_fts WHERE search_subject_fts MATCH %s",
        postgres=f"SELECT c.id, {{term}}, {SUBJECT_WEIGHT} * ts_rank({PG_SUBJECT}, {{q}}) "  # noqa: S608
        f"FROM conversations_conversation c WHERE {PG_SUBJECT} @@ {{q}}",
    ),
)

CUSTOMER_SOURCES = (
    Source(
        sqlite="SELECT rowid, {term}, -bm25(search_customer_fts) FROM search_customer_fts "
        "WHERE search_customer_fts MATCH %s",
        postgres=f"SELECT c.id, {{term}}, ts_rank({PG_CUSTOMER_NAME}, {{q}}) "  # noqa: S608
        f"FROM customers_customer c WHERE {PG_CUSTOMER_NAME} @@ {{q}}",
    ),
    Source(
        sqlite="SELECT ce.customer_id, {term}, -bm25(search_email_fts) "
        "FROM search_email_fts JOIN customers_customeremail ce ON ce.id = search_email_fts.rowid "
        "WHERE search_email_fts MATCH %s",
        postgres=f"SELECT ce.customer_id, {{term}}, ts_rank({PG_EMAIL}, {{q}}) "  # noqa: S608
        f"FROM customers_customeremail ce WHERE {PG_EMAIL} @@ {{q}}",
    ),
)


def _hits(vendor: str, sources: tuple[Source, ...], terms: SearchTerms) -> tuple[str, list[Any], str, list[Any]]:
    """SQL yielding (doc, term, score) for every match of every term, and SQL counting the terms that must match.

    On PostgreSQL a term that is only a stop word ("the") becomes an empty
    tsquery that matches nothing; it is left out of the count instead of
    making the whole search fail.
    """
    parts: list[str] = []
    params: list[Any] = []
    if vendor == "sqlite":
        for i, match in enumerate(terms.fts5()):
            for source in sources:
                parts.append(source.sqlite.format(term=i))
                params.append(match)
        return " UNION ALL ".join(parts), params, "%s", [len(terms.terms)]
    pg_terms = terms.postgres()
    for i, (function, argument) in enumerate(pg_terms):
        for source in sources:
            parts.append(source.postgres.format(term=i, q=_pg_term(function)))
            params += [argument, argument]
    counted = " UNION ALL ".join(f"SELECT numnode({_pg_term(function)}) AS n" for function, _ in pg_terms)
    required = f"(SELECT count(*) FROM ({counted}) AS t WHERE t.n > 0)"  # noqa: S608
    return " UNION ALL ".join(parts), params, required, [argument for _, argument in pg_terms]


def _supported(queryset: QuerySet[Any]) -> str | None:
    vendor = connections[queryset.db].vendor
    return vendor if vendor in ("sqlite", "postgresql") else None


def _fetch_ids(db: str, sql: str, params: list[Any]) -> list[int]:
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_conversation_ids(*, visible: QuerySet[Any], terms: SearchTerms, limit: int, offset: int) -> list[int]:
    """Ids of visible conversations matching every term: best score, then most recent activity."""
    vendor = _supported(visible)
    visible_sql = _visible_sql(visible, "found")
    if vendor is None or visible_sql is None:
        return []
    hits, hit_params, required, required_params = _hits(vendor, CONVERSATION_SOURCES, terms)
    sql = (
        f"WITH hits(doc, term, score) AS ({hits}), "  # noqa: S608
        # A subquery per hit, not a join: PostgreSQL overestimates prefix matches by orders of
        # magnitude and then hashes the whole conversations table (a scan that grows with history);
        # this way each hit is one primary-key lookup.
        "per_term AS ("
        " SELECT COALESCE((SELECT c.merged_into_id FROM conversations_conversation c WHERE c.id = h.doc), h.doc) AS id,"
        " h.term AS term, MAX(h.score) AS score"
        " FROM hits h GROUP BY 1, 2"
        "), "
        f"ranked AS (SELECT id, SUM(score) AS score FROM per_term GROUP BY id HAVING COUNT(*) = {required}) "
        "SELECT found.id FROM ranked r JOIN conversations_conversation found ON found.id = r.id "
        f"WHERE {visible_sql[0]} "
        "ORDER BY r.score DESC, found.last_activity_at DESC, found.id DESC LIMIT %s OFFSET %s"
    )
    return _fetch_ids(visible.db, sql, [*hit_params, *required_params, *visible_sql[1], limit, offset])


def ranked_customer_ids(*, visible: QuerySet[Any], terms: SearchTerms, limit: int) -> list[int]:
    """Ids of visible customers matching every term: best score, then name."""
    vendor = _supported(visible)
    visible_sql = _visible_sql(visible, "found")
    if vendor is None or visible_sql is None:
        return []
    hits, hit_params, required, required_params = _hits(vendor, CUSTOMER_SOURCES, terms)
    sql = (
        f"WITH hits(doc, term, score) AS ({hits}), "  # noqa: S608
        "per_term AS (SELECT doc, term, MAX(score) AS score FROM hits GROUP BY doc, term), "
        f"ranked AS (SELECT doc, SUM(score) AS score FROM per_term GROUP BY doc HAVING COUNT(*) = {required}) "
        "SELECT found.id FROM ranked r JOIN customers_customer found ON found.id = r.doc "
        f"WHERE {visible_sql[0]} "
        "ORDER BY r.score DESC, found.name, found.id LIMIT %s"
    )
    return _fetch_ids(visible.db, sql, [*hit_params, *required_params, *visible_sql[1], limit])


def in_order[M: Model](queryset: QuerySet[M], ids: list[int]) -> list[M]:
    """The rows of ``queryset`` with these ids, in the order of ``ids`` (one query plus prefetches)."""
    by_id = {obj.pk: obj for obj in queryset.filter(pk__in=ids)} if ids else {}
    return [by_id[i] for i in ids if i in by_id]
