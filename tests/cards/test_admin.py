"""Back-office pages for cards and recognition: every model listed, records read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cards.factories import CardFactory
from tests.factories import UserFactory
from tests.recognition.helpers import card_award, hero_award
from wowdesk.cards.models import Card, CardOfTheWeek, CardTimeSession, CardTimeSetting, CardVote
from wowdesk.recognition.models import Award, Nomination, NominationVote

pytestmark = pytest.mark.django_db
MODELS: list[type[Model]] = [
    CardTimeSetting,
    CardTimeSession,
    Card,
    CardVote,
    CardOfTheWeek,
    Nomination,
    NominationVote,
    Award,
]


def _rows(count: int, offset: int) -> None:
    for i in range(count):
        n = offset + i
        user = UserFactory.create()
        card = CardFactory.create(author=user)
        CardVote.objects.create(week=card.week, voter=UserFactory.create(), card=card)
        CardTimeSession.objects.create(user=user, day=dt.date(2026, 1, 1) + dt.timedelta(days=n), minutes=15)
        assert user.team is not None
        CardTimeSetting.objects.create(team=user.team)
        card_award(dt.date(2020, 1, 6) + dt.timedelta(days=7 * n), author=user)
        award = hero_award(dt.date(2000 + n, 1, 1), hero=user, sidekicks=[UserFactory.create()])
        assert award.nomination is not None
        NominationVote.objects.create(
            kind="hero", month=award.month, voter=UserFactory.create(), nomination=award.nomination
        )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_work_and_stay_constant(model, admin_user, login):
    client = login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    _rows(2, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _rows(3, 2)
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) == len(more.captured_queries)
    obj = model._default_manager.order_by("pk").last()
    assert obj is not None
    change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


@pytest.mark.parametrize("model", [CardVote, CardOfTheWeek, NominationVote, Award], ids=lambda m: m.__name__)
def test_votes_and_results_cannot_be_edited_in_the_admin(model, admin_user, login):
    _rows(1, 0)
    client = login(admin_user)
    obj = model._default_manager.first()
    assert obj is not None
    add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert client.get(add).status_code == 403
    assert 'name="_save"' not in client.get(change).content.decode()
