"""The gestures page's running totals: kept by every grant, equal to a recount, and what leads read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ConversationFactory, CustomerFactory, UserFactory
from wowdesk.gestures.models import Gesture, GestureCustomerTally, GestureMonthSpend, GestureSpend, Reason
from wowdesk.gestures.selectors import GestureFilters, gesture_summary
from wowdesk.gestures.selectors.grants import _filtered_all, summary_from_grants
from wowdesk.gestures.services import gesture_grant, gesture_rollups_rebuild
from wowdesk.gestures.services.rollups import spend_month

pytestmark = pytest.mark.django_db

ITEMS = ("Coupon: $20 off", "Tin of cookies", "Handwritten note", "Flowers with a card")
MONTHS = (dt.datetime(2026, 9, 30, 23, 30, tzinfo=dt.UTC), dt.datetime(2026, 10, 1, 0, 30, tzinfo=dt.UTC))


def snapshot() -> dict[str, set[tuple[object, ...]]]:
    return {
        "spend": set(
            GestureSpend.objects.values_list(
                "month", "team_id", "granted_by_id", "kind", "reason", "currency", "count", "total"
            )
        ),
        "month": set(GestureMonthSpend.objects.values_list("month", "kind", "reason", "currency", "count", "total")),
        "tally": set(GestureCustomerTally.objects.values_list("customer_id", "count", "last_granted_at")),
    }


grants = st.lists(
    st.tuples(
        st.sampled_from(ITEMS),
        st.sampled_from(list(Reason.values)),
        st.integers(min_value=0, max_value=2),  # who grants: a rep, a teammate, someone with no team
        st.integers(min_value=0, max_value=2),  # which customer
        st.sampled_from(MONTHS),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=grants)
def test_running_totals_equal_a_recount_after_any_grants(plan, items, team, monkeypatch):
    people = [UserFactory.create(team=team), UserFactory.create(team=team), UserFactory.create(team=None)]
    customers = [CustomerFactory.create(address_line1="1 Way", city="Leeds") for _ in range(3)]
    for name, reason, who, whom, when in plan:
        monkeypatch.setattr("django.utils.timezone.now", lambda when=when: when)
        conversation = ConversationFactory.create(team=team, customer=customers[whom])
        gesture_grant(actor=people[who], conversation=conversation, item=items[name], why="x", reason=reason)
    monkeypatch.undo()
    kept = snapshot()
    gesture_rollups_rebuild()
    assert snapshot() == kept


def test_a_grant_counts_in_its_month_in_the_installation_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    # 02:00 UTC on 1 October is still 30 September in New York.
    assert spend_month(dt.datetime(2026, 10, 1, 2, tzinfo=dt.UTC)) == dt.date(2026, 9, 1)
    assert spend_month(dt.datetime(2026, 10, 1, 5, tzinfo=dt.UTC)) == dt.date(2026, 10, 1)


filters = st.builds(
    GestureFilters,
    team=st.sampled_from([None, "team"]),
    rep=st.sampled_from([None, "rep"]),
    kind=st.sampled_from(["", "coupon", "gift"]),
    reason=st.sampled_from(["", *Reason.values]),
    month=st.sampled_from(["", "2026-09", "2026-10"]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=filters)
def test_what_leads_read_from_the_totals_equals_counting_the_grants(chosen, items, team, rep, lead, monkeypatch):
    if not Gesture.objects.exists():
        customers = [CustomerFactory.create(address_line1="1 Way", city="Leeds") for _ in range(3)]
        for i, (name, when) in enumerate([(n, m) for n in ITEMS for m in MONTHS]):
            monkeypatch.setattr("django.utils.timezone.now", lambda when=when: when)
            conversation = ConversationFactory.create(team=team, customer=customers[i % 3])
            actor = rep if i % 2 else lead
            gesture_grant(
                actor=actor, conversation=conversation, item=items[name], why="x", reason=Reason.values[i % 6]
            )
        monkeypatch.undo()
    resolved = GestureFilters(
        team=team.pk if chosen.team else None,
        rep=rep.pk if chosen.rep else None,
        kind=chosen.kind,
        reason=chosen.reason,
        month=chosen.month,
    )
    counted = summary_from_grants(_filtered_all(resolved).order_by())
    assert gesture_summary(user=lead, filters=resolved) == counted


def test_the_demo_fills_the_totals():
    call_command("seed_demo", "--conversations", "300", "--customers", "40", stdout=io.StringIO(), stderr=io.StringIO())
    kept = snapshot()
    assert kept["spend"]
    gesture_rollups_rebuild()
    assert snapshot() == kept


def test_the_rebuild_command_recounts(grant):
    grant("Tin of cookies")
    GestureMonthSpend.objects.all().delete()
    out = io.StringIO()
    call_command("gesture_totals_rebuild", stdout=out)
    assert "Recounted 1 gestures." in out.getvalue()
    assert GestureMonthSpend.objects.get().count == 1
