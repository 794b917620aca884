"""Legends fixtures: values, a long call with a customer whose details a story would mention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import (
    CallFactory,
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    CustomerPhoneFactory,
    OrderFactory,
)
from wowdesk.conversations.models import Channel
from wowdesk.customers.models import Customer
from wowdesk.legends.models import CompanyValue


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Clips go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def values(db) -> list[CompanyValue]:
    return [
        CompanyValue.objects.create(name="Take the time it takes", slug="take-the-time", position=1),
        CompanyValue.objects.create(name="Say yes, then work out how", slug="say-yes", position=2),
    ]


@pytest.fixture
def lorna(db) -> Customer:
    customer = CustomerFactory.create(name="Lorna Castellane", preferred_name="")
    CustomerEmailFactory.create(customer=customer, email="lorna.castellane@example.com")
    CustomerPhoneFactory.create(customer=customer, number="+1 555 216 4410")
    OrderFactory.create(customer=customer, number="WD-100023")
    return customer


@pytest.fixture
def long_call(lorna, rep, team):
    """An eight-hour call Rita took with Lorna, ended yesterday."""
    conversation = ConversationFactory.create(
        customer=lorna, channel=Channel.PHONE, subject="Walking shoes, and a move", team=team, assignee=rep
    )
    started = timezone.now() - dt.timedelta(days=1, hours=8)
    return CallFactory.create(
        conversation=conversation,
        agent=rep,
        started_at=started,
        ended_at=started + dt.timedelta(hours=7, minutes=52),
        duration_seconds=7 * 3600 + 52 * 60,
    )
