"""The gestures page's reads: filters, spend by month and by reason, customers who received several."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConversationFactory, CustomerFactory
from wowdesk.gestures.models import Gesture, Reason
from wowdesk.gestures.selectors import GestureFilters, gesture_list, gesture_summary
from wowdesk.gestures.services import gesture_grant, gesture_rollups_rebuild

pytestmark = pytest.mark.django_db

OCT = dt.datetime(2026, 10, 12, 12, tzinfo=dt.UTC)
NOV = dt.datetime(2026, 11, 3, 12, tzinfo=dt.UTC)


def _at(gesture: Gesture, when: dt.datetime) -> None:
    Gesture.objects.filter(pk=gesture.pk).update(granted_at=when)


@pytest.fixture
def spread(grant, items, teammate, team, lead):
    """Four gestures: two in October, two in November, one of them for another customer."""
    a = grant("Coupon: $20 off", reason=Reason.MISTAKE).gesture
    b = grant("Tin of cookies", reason=Reason.DELIGHT, actor=teammate).gesture
    c = grant("Custom package", description="Socks", amount="30", reason=Reason.DELIGHT).gesture
    other = ConversationFactory.create(team=team, customer=CustomerFactory.create(name="Zed Other"))
    d = gesture_grant(actor=lead, conversation=other, item=items["Handwritten note"], why="Thanks").gesture
    _at(a, OCT)
    _at(b, OCT)
    _at(c, NOV)
    _at(d, NOV)
    # Back-dating rewrites history behind the services' back, so the running totals are rebuilt, as after a load.
    gesture_rollups_rebuild()
    return a, b, c, d


def test_spend_by_month_and_reason_per_currency(spread, lead):
    summary = gesture_summary(user=lead, filters=GestureFilters())

    assert [(r.key, r.total, r.count) for r in summary.by_month] == [
        ("2026-11", Decimal("33"), 2),
        ("2026-10", Decimal("42"), 2),
    ]
    by_reason = {r.key: (r.total, r.count) for r in summary.by_reason}
    assert by_reason == {"mistake": (Decimal("20"), 1), "delight": (Decimal("55"), 3)}


def test_customers_who_received_several(spread, lead, customer):
    summary = gesture_summary(user=lead, filters=GestureFilters())
    assert [(r.name, r.count) for r in summary.repeat_customers] == [(customer.name, 3)]


def test_filters_by_team_rep_type_and_month(spread, lead, teammate, team):
    a, b, c, d = spread

    def ids(**kwargs):
        return [g.pk for g in gesture_list(user=lead, filters=GestureFilters(**kwargs), cursor=None, size=50).items]

    assert ids(rep=teammate.pk) == [b.pk]
    assert ids(kind="custom_package") == [c.pk]
    assert sorted(ids(month="2026-10")) == sorted([a.pk, b.pk])
    assert sorted(ids(team=team.pk)) == sorted([a.pk, b.pk, c.pk, d.pk])
    assert ids(customer=d.customer_id) == [d.pk]
    assert ids(month="2026-10", reason="delight") == [b.pk]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "Oct"}, "month"),
        ({"kind": "yacht"}, "kind"),
        ({"reason": "x"}, "reason"),
    ],
)
def test_bad_filters_name_the_field(lead, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        gesture_list(user=lead, filters=GestureFilters(**kwargs), cursor=None, size=10)
    assert set(exc.value.message_dict) == {field}


def test_the_summary_never_breaks_spend_down_by_rep(spread, lead):
    summary = gesture_summary(user=lead, filters=GestureFilters())
    assert not hasattr(summary, "by_rep")
    assert all(not hasattr(row, "rep") for row in summary.by_month + summary.by_reason)


def test_the_summary_costs_four_queries_whatever_the_volume(grant, lead, django_assert_num_queries):
    # Months, reasons, and two index reads for the customers with most gestures.
    for _ in range(3):
        grant("Coupon: $20 off")
    with django_assert_num_queries(4):
        gesture_summary(user=lead, filters=GestureFilters())
    for _ in range(6):
        grant("Tin of cookies")
    with django_assert_num_queries(4):
        gesture_summary(user=lead, filters=GestureFilters())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_the_first_page_of_gestures_reads_the_newest_from_the_index(lead, grant):
    # With the list's eight joins in one step SQLite started from the staff table and sorted
    # every gesture to find the newest (seven seconds at a million conversations).
    grant("Tin of cookies")
    with CaptureQueriesContext(connection) as captured:
        page = gesture_list(user=lead, filters=GestureFilters(), cursor=None, size=25)
    assert len(page.items) == 1
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "gestures_gesture"' in q["sql"]]
    ids_sql, rows_sql = reads
    plans = []
    for sql in reads:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plans.append([row[3] for row in cursor.fetchall()])
    # The page's ids come from the index alone; the joins then start from those few rows.
    assert plans[0] == ["SCAN gestures_gesture USING COVERING INDEX gesture_recent"], plans[0]
    assert plans[1][0].startswith("SEARCH gestures_gesture USING INTEGER PRIMARY KEY"), plans[1]
    assert "JOIN" not in ids_sql
    assert "JOIN" in rows_sql
