"""The demo's rounds: today's half worked, three days of history, every item worked by someone who may see it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from wowdesk.accounts.models import User
from wowdesk.demo.context import DEMO_USERNAME
from wowdesk.rounds.models import ItemStatus, Round, RoundItem
from wowdesk.rounds.permissions import items_visible_to
from wowdesk.rounds.selectors import ItemFilters, round_items_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--conversations", "300", "--customers", "60", stdout=io.StringIO(), stderr=io.StringIO())


def test_today_and_three_days_before(seeded):
    today = timezone.localdate()
    days = list(Round.objects.order_by("day").values_list("day", flat=True))
    assert len(days) == 4
    assert days[-1] == today
    statuses = set(RoundItem.objects.filter(round__day=today).values_list("status", flat=True))
    assert {ItemStatus.OPEN, ItemStatus.CLAIMED, ItemStatus.DONE} <= statuses
    past = RoundItem.objects.exclude(round__day=today)
    assert past.filter(status__in=[ItemStatus.DONE, ItemStatus.SKIPPED]).count() > past.count() / 2


def test_the_demo_login_sees_a_mix_drawn_from_real_objects(seeded):
    demo = User.objects.get(username=DEMO_USERNAME)
    page = round_items_page(
        user=demo, day=timezone.localdate(), filters=ItemFilters(state="all"), cursor=None, size=100
    )
    sources = {i.source for i in page.items}
    assert {"waiting", "life_moment"} <= sources
    assert len(sources) >= 4
    assert any("Moving" in i.title for i in page.items)


def test_everyone_who_worked_an_item_could_see_it(seeded):
    for item in RoundItem.objects.exclude(claimed_by=None).select_related("claimed_by", "finished_by"):
        for person in (item.claimed_by, item.finished_by):
            if person is not None:
                assert items_visible_to(person).filter(pk=item.pk).exists(), (item.title, person)
        if item.finished_at is not None:
            assert item.note
            assert item.round.day == timezone.localdate(item.finished_at)
            assert item.finished_at <= timezone.now()
