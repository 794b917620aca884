"""Onboarding fixtures: a finance new hire, a coach from customer service, and ways to build stints and
the things a hire does on the phones (calls, replies, gestures, grades, cards, legends read).

The standard cast (``rep``, ``teammate``, ``outsider``, ``lead``) comes from tests/conftest.py; here
``rep`` is the coach and ``outsider`` another rep who must not see the stint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tests.cards.factories import CardFactory
from tests.factories import CallFactory, ConversationFactory, DepartmentFactory, TimelineEntryFactory, UserFactory
from tests.happiness.conftest import make_survey
from wowdesk.accounts.models import Department, User
from wowdesk.cards.models import Card
from wowdesk.conversations.models import Call, Channel, Conversation, EntryKind, TimelineEntry
from wowdesk.gestures.models import CatalogueItem, Gesture
from wowdesk.gestures.services import gesture_grant
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.happiness.models import Grade
from wowdesk.legends.models import Legend, LegendRead, ReadingList, ReadingListItem, State
from wowdesk.onboarding.models import Milestone, PhoneStint
from wowdesk.onboarding.services import stint_milestone_tick, stint_start


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def finance(db) -> Department:
    return DepartmentFactory.create(name="Finance", slug="finance")


@pytest.fixture
def hire(finance) -> User:
    """A financial analyst in his first weeks: no team, a department and a title."""
    return UserFactory.create(
        username="felix", first_name="Felix", last_name="Adeyemi", team=None, department=finance, title="Analyst"
    )


@pytest.fixture
def coach(rep: User) -> User:
    return rep


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    """Noon (or ``hour``) of a local day."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def start(lead, coach) -> Callable[..., PhoneStint]:
    """``start(hire, days_ago=0, **more)``: a stint started by ``lead`` with ``coach`` beside the hire.

    A stint that started long ago is recorded as if planned a week before it began.
    """

    def make(hire: User, *, days_ago: int = 0, **kwargs: Any) -> PhoneStint:
        starts_on = timezone.localdate() - dt.timedelta(days=days_ago)
        kwargs.setdefault("actor", lead)
        kwargs.setdefault("coach", coach)
        kwargs.setdefault("today", min(timezone.localdate(), starts_on - dt.timedelta(days=7)))
        return stint_start(hire=hire, starts_on=starts_on, **kwargs)

    return make


@pytest.fixture
def stint(start: Callable[..., PhoneStint], hire: User) -> PhoneStint:
    """Felix, ten days into his four weeks (week 2)."""
    return start(hire, days_ago=10)


def sign_off(stint: PhoneStint, coach: User, *, now: dt.datetime | None = None) -> None:
    stint_milestone_tick(
        actor=coach, stint=stint, milestone=Milestone.COACH_SIGN_OFF, note="Ready for his own job.", now=now
    )


# What a hire does -------------------------------------------------------------------


def phone_conversation(hire: User, **kwargs: Any) -> Conversation:
    kwargs.setdefault("channel", Channel.PHONE)
    kwargs.setdefault("assignee", hire)
    return ConversationFactory.create(**kwargs)


def call(hire: User, started_at: dt.datetime, *, minutes: int = 10, conversation: Conversation | None = None) -> Call:
    conversation = conversation or phone_conversation(hire)
    return CallFactory.create(
        conversation=conversation,
        agent=hire,
        started_at=started_at,
        ended_at=started_at + dt.timedelta(minutes=minutes),
        duration_seconds=minutes * 60,
    )


def reply(hire: User, conversation: Conversation, created_at: dt.datetime) -> TimelineEntry:
    return TimelineEntryFactory.create(
        conversation=conversation, kind=EntryKind.OUTBOUND, author=hire, body="Sorted for you.", created_at=created_at
    )


@pytest.fixture
def items(db) -> dict[str, CatalogueItem]:
    install_starter_catalogue()
    return {item.name: item for item in CatalogueItem.objects.all()}


@pytest.fixture
def gesture(items) -> Callable[..., Gesture]:
    """``gesture(hire, granted_at)``: a coupon granted by the hire on one of their conversations."""

    def make(hire: User, granted_at: dt.datetime) -> Gesture:
        conversation = phone_conversation(hire)
        granted = gesture_grant(
            actor=hire, conversation=conversation, item=items["Coupon: $20 off"], why="The parcel was four days late."
        )
        Gesture.objects.filter(pk=granted.gesture.pk).update(granted_at=granted_at)
        granted.gesture.refresh_from_db()
        return granted.gesture

    return make


def grade(hire: User, letter: str, graded_at: dt.datetime) -> Grade:
    """A grade from the customer on a conversation the hire owned and answered."""
    from tests.factories import CustomerEmailFactory

    conversation = phone_conversation(hire)
    CustomerEmailFactory.create(customer=conversation.customer)
    reply(hire, conversation, graded_at - dt.timedelta(hours=1))
    return make_survey(conversation, now=graded_at - dt.timedelta(minutes=30)).grade(letter, now=graded_at)


def card(hire: User, created_at: dt.datetime) -> Card:
    return CardFactory.create(author=hire, created_at=created_at)


@pytest.fixture
def reading(lead) -> Callable[[int], list[Legend]]:
    """``reading(n)``: a new hires' list of ``n`` published legends."""

    def make(n: int) -> list[Legend]:
        listing = ReadingList.objects.create(name="Your first weeks", for_new_hires=True, created_by=lead)
        legends = [
            Legend.objects.create(
                title=f"Legend {i}", state=State.STAFF, author=lead, published_at=timezone.now(), content_digest="x"
            )
            for i in range(n)
        ]
        for i, legend in enumerate(legends):
            ReadingListItem.objects.create(reading_list=listing, legend=legend, position=i, added_by=lead)
        return legends

    return make


def read(user: User, legend: Legend, at_: dt.datetime | None = None) -> LegendRead:
    return LegendRead.objects.create(user=user, legend=legend, read_at=at_ or timezone.now())
