"""Moment-aware suggestions come from rules in data: change the data, change the suggestions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import LifeMomentFactory
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import SuggestionRule
from wowdesk.gestures.selectors import suggestions_for
from wowdesk.gestures.services import catalogue_item_retire

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def _moment(customer, kind, days_ago):
    return LifeMomentFactory.create(customer=customer, kind=kind, happened_on=TODAY - dt.timedelta(days=days_ago))


def _names(customer, today=TODAY):
    return [s.rule.item.name for s in suggestions_for(customer=customer, today=today)]


def test_a_recent_bereavement_suggests_flowers(items, customer):
    moment = _moment(customer, LifeMoment.Kind.BEREAVEMENT, 10)

    [suggestion] = suggestions_for(customer=customer, today=TODAY)

    assert suggestion.rule.item == items["Flowers with a card"]
    assert suggestion.moment == moment
    assert suggestion.already_granted is None
    assert "condolences" in suggestion.why.lower()


def test_an_old_moment_suggests_nothing(items, customer):
    _moment(customer, LifeMoment.Kind.BEREAVEMENT, 200)
    assert _names(customer) == []


def test_no_moments_no_queries_beyond_one(items, customer, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert suggestions_for(customer=customer, today=TODAY) == []


def test_an_upcoming_move_is_suggested_before_it_happens(items, customer):
    _moment(customer, LifeMoment.Kind.MOVING, -20)  # in twenty days
    assert _names(customer) == ["Handwritten note"]


@pytest.mark.parametrize(("born", "shown"), [((1990, 11, 25), True), ((1990, 11, 10), False), ((1988, 11, 18), True)])
def test_birthdays_come_round_every_year(items, customer, born, shown):
    LifeMomentFactory.create(customer=customer, kind=LifeMoment.Kind.BIRTHDAY, happened_on=dt.date(*born))
    assert (_names(customer) == ["Coupon: $20 off"]) is shown


def test_a_birthday_on_the_29th_of_february_is_kept_on_the_28th(items, customer):
    LifeMomentFactory.create(customer=customer, kind=LifeMoment.Kind.BIRTHDAY, happened_on=dt.date(1992, 2, 29))
    assert _names(customer, today=dt.date(2027, 2, 27)) == ["Coupon: $20 off"]


def test_admins_edit_the_rules_as_data(items, customer):
    _moment(customer, LifeMoment.Kind.BEREAVEMENT, 10)
    rule = SuggestionRule.objects.get(moment_kind=LifeMoment.Kind.BEREAVEMENT)

    rule.is_active = False
    rule.save()
    assert _names(customer) == []

    SuggestionRule.objects.create(
        moment_kind=LifeMoment.Kind.BEREAVEMENT, item=items["Handwritten note"], hint="A note", why="Sympathy"
    )
    assert _names(customer) == ["Handwritten note"]


def test_a_retired_item_is_not_suggested(items, customer):
    _moment(customer, LifeMoment.Kind.BEREAVEMENT, 10)
    catalogue_item_retire(item=items["Flowers with a card"])
    assert _names(customer) == []


def test_a_suggestion_says_when_it_was_already_granted(items, grant, customer):
    _moment(customer, LifeMoment.Kind.BEREAVEMENT, 3)
    flowers = grant("Flowers with a card").gesture

    [suggestion] = suggestions_for(customer=customer, today=flowers.granted_at.date())

    assert suggestion.already_granted == flowers


def test_one_suggestion_per_rule_for_the_latest_moment(items, customer):
    _moment(customer, LifeMoment.Kind.BEREAVEMENT, 20)
    latest = _moment(customer, LifeMoment.Kind.BEREAVEMENT, 5)
    _moment(customer, LifeMoment.Kind.ILLNESS, 2)

    found = suggestions_for(customer=customer, today=TODAY)

    assert [s.rule.item.name for s in found] == ["Flowers with a card", "Tin of cookies"]
    assert found[0].moment == latest
