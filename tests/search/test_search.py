"""Full-text search over conversations and customers, on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    TimelineEntryFactory,
    UserFactory,
)
from wowdesk.conversations.models import EntryKind, EventType, TimelineEntry
from wowdesk.conversations.services import conversation_merge
from wowdesk.core.pagination import encode_cursor
from wowdesk.customers.services import customer_merge
from wowdesk.search.query import parse_query
from wowdesk.search.schema import FTS_TABLES, ensure_sqlite_triggers, install, uninstall
from wowdesk.search.selectors import search_conversations, search_customers

pytestmark = pytest.mark.django_db


def _found(user, query, size=25):
    return [c.pk for c in search_conversations(user=user, query=query, cursor=None, size=size).items]


@pytest.fixture
def boots(team):
    conversation = ConversationFactory.create(team=team, subject="Question about an order")
    TimelineEntryFactory.create(conversation=conversation, body="The waterproof hiking boots leak at the heel.")
    return conversation


def test_finds_words_in_message_bodies(rep, boots):
    assert _found(rep, "waterproof") == [boots.pk]
    assert _found(rep, "hiking heel") == [boots.pk]


def test_finds_words_in_subjects(rep, team):
    conversation = ConversationFactory.create(team=team, subject="Exchange for a wider sandal")

    assert _found(rep, "sandal") == [conversation.pk]


def test_finds_internal_notes_but_not_events(rep, team):
    noted = ConversationFactory.create(team=team)
    TimelineEntryFactory.create(conversation=noted, kind=EntryKind.NOTE, body="Customer prefers a callback")
    evented = ConversationFactory.create(team=team)
    TimelineEntry.objects.create(
        conversation=evented, kind=EntryKind.EVENT, event_type=EventType.ASSIGNED, body="Assigned to a callback"
    )

    assert _found(rep, "callback") == [noted.pk]


def test_stemming_finds_other_forms_of_a_word(rep, team):
    conversation = ConversationFactory.create(team=team)
    TimelineEntryFactory.create(conversation=conversation, body="One shoe arrived without its partner.")

    assert _found(rep, "shoes") == [conversation.pk]


def test_diacritics_are_ignored_both_ways(rep, team):
    accented = ConversationFactory.create(team=team, subject="Café au lait suede loafers")
    plain = ConversationFactory.create(team=team, subject="Jose needs a new pair")

    assert _found(rep, "cafe") == [accented.pk]
    assert _found(rep, "José") == [plain.pk]


def test_last_word_matches_as_a_prefix(rep, boots):
    assert _found(rep, "waterpr") == [boots.pk]
    assert _found(rep, "hiking bo") == [boots.pk]


def test_all_words_must_match(rep, boots):
    assert _found(rep, "waterproof sandals") == []


def test_words_may_match_in_different_messages_and_the_subject(rep, boots):
    TimelineEntryFactory.create(conversation=boots, kind=EntryKind.OUTBOUND, body="A replacement pair ships today.")

    assert _found(rep, "leak replacement") == [boots.pk]
    assert _found(rep, "order replacement heel") == [boots.pk]


def test_stop_words_do_not_empty_the_results(rep, boots):
    assert _found(rep, "the boots") == [boots.pk]


def test_subject_matches_rank_above_a_passing_mention(rep, team):
    mention = ConversationFactory.create(team=team, subject="Order status")
    TimelineEntryFactory.create(
        conversation=mention,
        body="Thanks, and by the way the laces on my other pair snapped, but that is for another day entirely.",
    )
    about = ConversationFactory.create(team=team, subject="Laces snapped")

    assert _found(rep, "laces") == [about.pk, mention.pk]


def test_equal_matches_are_ordered_by_recent_activity(rep, team):
    older = ConversationFactory.create(team=team, subject="Gift wrapping")
    newer = ConversationFactory.create(team=team, subject="Gift wrapping")
    older.last_activity_at = newer.last_activity_at.replace(year=newer.last_activity_at.year - 1)
    older.save(update_fields=["last_activity_at"])

    assert _found(rep, "gift wrapping") == [newer.pk, older.pk]


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "AND OR", "'); drop table customers_customer; --", '"unbalanced', "a:*|b", "-"]
)
def test_query_syntax_characters_are_searched_as_text_or_rejected(rep, boots, query):
    for search in (
        lambda: search_conversations(user=rep, query=query, cursor=None, size=10).items,
        lambda: search_customers(user=rep, query=query),
    ):
        errors: dict[str, list[str]] = {}
        found: list[object] = []
        try:
            found = list(search())
        except ValidationError as exc:
            errors = exc.message_dict
        assert found == []
        assert set(errors) <= {"q"}


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "!?", "---", "x" * 201])
def test_empty_punctuation_only_or_overlong_query_is_a_q_error(rep, query):
    with pytest.raises(ValidationError) as exc:
        search_conversations(user=rep, query=query, cursor=None, size=10)
    assert list(exc.value.message_dict) == ["q"]
    with pytest.raises(ValidationError):
        search_customers(user=rep, query=query)


def test_injection_like_terms_still_find_the_words_they_contain(rep, team):
    conversation = ConversationFactory.create(team=team, subject="Near the store")

    assert _found(rep, "NEAR(") == [conversation.pk]
    assert _found(rep, '"store"') == [conversation.pk]


def test_outsider_does_not_find_another_teams_conversation(rep, outsider, boots):
    assert _found(outsider, "waterproof") == []
    assert _found(rep, "waterproof") == [boots.pk]


def test_lead_finds_every_teams_conversation(lead, other_team):
    theirs = ConversationFactory.create(team=other_team, subject="Velvet slippers")

    assert _found(lead, "velvet") == [theirs.pk]


def test_inactive_user_finds_nothing(team, boots):
    gone = UserFactory.create(team=team, is_active=False)

    assert _found(gone, "waterproof") == []
    assert search_customers(user=gone, query=boots.customer.name.split()[0]) == []


def test_merged_conversation_is_found_through_the_one_it_was_merged_into(rep, team):
    customer = CustomerFactory.create()
    target = ConversationFactory.create(team=team, customer=customer, subject="Refund")
    source = ConversationFactory.create(team=team, customer=customer, subject="Second email")
    TimelineEntryFactory.create(conversation=source, body="The parcel was left with a neighbour called Oswaldo.")
    conversation_merge(actor=rep, source=source, target=target)

    assert _found(rep, "Oswaldo") == [target.pk]
    assert _found(rep, "second email") == [target.pk]


def test_bulk_created_rows_are_indexed(rep, team):
    customer = CustomerFactory.create()
    conversation = ConversationFactory.create(team=team, customer=customer)
    TimelineEntry.objects.bulk_create(
        [
            TimelineEntry(conversation=conversation, kind=EntryKind.INBOUND, body=f"Marmalade jar number {i}")
            for i in range(3)
        ]
    )

    assert _found(rep, "marmalade") == [conversation.pk]


def test_deleted_rows_leave_the_index(rep, team, boots):
    boots.delete()

    assert _found(rep, "waterproof") == []


def test_edited_subject_is_reindexed(rep, team):
    conversation = ConversationFactory.create(team=team, subject="Umbrella")
    conversation.subject = "Parasol"
    conversation.save(update_fields=["subject"])

    assert _found(rep, "umbrella") == []
    assert _found(rep, "parasol") == [conversation.pk]


def test_pages_follow_the_cursor_without_gaps_or_repeats(rep, team):
    made = [ConversationFactory.create(team=team, subject=f"Sock subscription {i}") for i in range(5)]

    first = search_conversations(user=rep, query="sock", cursor=None, size=2)
    second = search_conversations(user=rep, query="sock", cursor=first.next_cursor, size=2)
    third = search_conversations(user=rep, query="sock", cursor=second.next_cursor, size=2)

    seen = [c.pk for page in (first, second, third) for c in page.items]
    assert sorted(seen) == sorted(c.pk for c in made)
    assert third.next_cursor is None


@pytest.mark.parametrize("cursor", ["not-a-cursor", encode_cursor([-1]), encode_cursor(["5"]), encode_cursor([True])])
def test_bad_cursor_is_a_cursor_error(rep, cursor):
    with pytest.raises(ValidationError) as exc:
        search_conversations(user=rep, query="sock", cursor=cursor, size=2)
    assert list(exc.value.message_dict) == ["cursor"]


@pytest.mark.parametrize("n", [2, 6])
def test_conversation_search_query_count_is_constant(rep, team, django_assert_num_queries, n):
    for i in range(n):
        conversation = ConversationFactory.create(team=team, assignee=rep, subject=f"Sandals {i}")
        conversation.tags.create(name=f"tag-{i}")
    # Ranking, the conversations with their joins, their tags.
    with django_assert_num_queries(3):
        page = search_conversations(user=rep, query="sandals", cursor=None, size=25)
        for c in page.items:
            _ = (c.customer.name, c.assignee, c.team, list(c.tags.all()))
    assert len(page.items) == n


def test_finds_customers_by_name_preferred_name_and_email(rep):
    ana = CustomerFactory.create(name="Ana Beatriz Lima", preferred_name="Bia")
    CustomerEmailFactory.create(customer=ana, email="tidepool.walker@example.org")
    CustomerFactory.create(name="Someone Else")

    assert search_customers(user=rep, query="lima") == [ana]
    assert search_customers(user=rep, query="bia") == [ana]
    assert search_customers(user=rep, query="tidepool.walker@example.org") == [ana]
    assert search_customers(user=rep, query="tidepool") == [ana]
    assert search_customers(user=rep, query="Ana Lima") == [ana]


def test_customer_names_with_accents_match_without(rep):
    zoe = CustomerFactory.create(name="Zoë Müller")

    assert search_customers(user=rep, query="zoe muller") == [zoe]


def test_merged_customer_is_listed_once(rep, admin_user):
    survivor = CustomerFactory.create(name="Maple Okonkwo")
    duplicate = CustomerFactory.create(name="Maple Okonkwo")
    CustomerEmailFactory.create(customer=duplicate, email="maple@example.net")
    customer_merge(actor=admin_user, source=duplicate, target=survivor)

    assert search_customers(user=rep, query="maple") == [survivor]
    assert search_customers(user=rep, query="maple@example.net") == [survivor]


def test_customer_matching_name_and_email_is_listed_once(rep):
    both = CustomerFactory.create(name="Quill Harrow")
    CustomerEmailFactory.create(customer=both, email="quill@example.com")
    CustomerEmailFactory.create(customer=both, email="quill.harrow@example.com", is_primary=False)

    assert search_customers(user=rep, query="quill") == [both]


def test_customer_search_respects_the_limit(rep):
    for i in range(4):
        CustomerFactory.create(name=f"Rowan Test{i}")

    assert len(search_customers(user=rep, query="rowan", limit=3)) == 3


@pytest.mark.parametrize("n", [2, 6])
def test_customer_search_query_count_is_constant(rep, django_assert_num_queries, n):
    for i in range(n):
        CustomerEmailFactory.create(customer=CustomerFactory.create(name=f"Juniper {i}"))
    # Ranking, the customers, their emails.
    with django_assert_num_queries(3):
        found = search_customers(user=rep, query="juniper")
        for c in found:
            _ = list(c.emails.all())
    assert len(found) == n


def test_parse_query_quotes_every_term_for_fts5():
    assert parse_query('shoe "AND" NEAR(').fts5() == ['"shoe"', '"""AND"""', '"NEAR("']
    assert parse_query("red boo").fts5() == ['"red"', '"boo" *']


@pytest.mark.skipif(connection.vendor != "sqlite", reason="triggers exist only on SQLite")
def test_missing_triggers_are_recreated_and_the_index_refilled(rep, team, boots):
    entries = next(t for t in FTS_TABLES if t.name == "search_entry_fts")
    with connection.cursor() as cursor:
        for trigger in entries.triggers:
            cursor.execute(f"DROP TRIGGER {trigger}")
    later = ConversationFactory.create(team=team)
    TimelineEntryFactory.create(conversation=later, body="Written while the triggers were missing: tangerine")

    assert ensure_sqlite_triggers(connection) == ["search_entry_fts"]
    assert _found(rep, "tangerine") == [later.pk]
    assert _found(rep, "waterproof") == [boots.pk]
    assert ensure_sqlite_triggers(connection) == []


def test_index_objects_can_be_removed_and_rebuilt_from_existing_rows(rep, boots):
    # What the migration does backwards then forwards; the rows stay, the index is rebuilt.
    if connection.vendor == "postgresql":
        # Index DDL waits for no deferred foreign-key checks; run them now (the test rolls back anyway).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    uninstall(connection)
    install(connection)

    assert _found(rep, "waterproof") == [boots.pk]
    assert search_customers(user=rep, query=boots.customer.name) == [boots.customer]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_visibility_is_checked_per_hit_not_by_listing_every_visible_conversation(lead, boots):
    # An ``IN (subquery)`` of the visible conversations is built whole before the hits are
    # read: every conversation a lead may see, on every search (400 ms at a million).
    with CaptureQueriesContext(connection) as captured:
        assert _found(lead, "waterproof") == [boots.pk]
    [search_sql] = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH hits")]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + search_sql)
        plan = [row[3] for row in cursor.fetchall()]
    assert not [line for line in plan if line.startswith("LIST SUBQUERY")], plan
    assert not [line for line in plan if line.startswith("SCAN conversations_conversation")], plan


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored vector")


@needs_postgres
def test_the_stored_body_vector_follows_edits_and_skips_events(rep, team, boots):
    entry = TimelineEntryFactory.create(conversation=boots, body="A note about marzipan")
    event = TimelineEntry.objects.create(
        conversation=boots, kind=EntryKind.EVENT, event_type=EventType.ASSIGNED, body="Assigned to marzipan"
    )

    def vector(pk: int) -> str | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT search_body::text FROM conversations_timelineentry WHERE id = %s", [pk])
            found: str | None = cursor.fetchone()[0]
            return found

    assert "marzipan" in (vector(entry.pk) or "")
    assert vector(event.pk) is None
    TimelineEntry.objects.filter(pk=entry.pk).update(body="A note about nougat")
    assert "nougat" in (vector(entry.pk) or "")
    assert _found(rep, "marzipan") == []
    assert _found(rep, "nougat") == [boots.pk]


@needs_postgres
def test_ranking_reads_the_stored_vector_instead_of_parsing_bodies(lead, boots):
    """The whole point of the column: no to_tsvector over message bodies while searching."""
    with CaptureQueriesContext(connection) as captured:
        assert _found(lead, "waterproof") == [boots.pk]
    [search_sql] = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH hits")]
    assert "to_tsvector('wowdesk_search'::regconfig, body)" not in search_sql
    assert "ts_rank(search_body" in search_sql


@needs_postgres
def test_the_migration_to_the_stored_vector_runs_both_ways(rep, boots):
    from importlib import import_module

    migration = import_module("wowdesk.search.migrations.0002_pg_stored_body_vector")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # index DDL waits for no deferred checks

    def body_index() -> tuple[bool, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns"
                " WHERE table_name = 'conversations_timelineentry' AND column_name = 'search_body')"
            )
            has_column = cursor.fetchone()[0]
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_body_tsv'")
            return has_column, cursor.fetchone()[0]

    with connection.schema_editor() as editor:
        migration.backwards(None, editor)
    has_column, index = body_index()
    assert not has_column
    assert "to_tsvector" in index  # back to the expression index of 0001
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)
    has_column, index = body_index()
    assert has_column
    assert "search_body" in index
    assert _found(rep, "waterproof") == [boots.pk]  # the column was filled from the existing rows
