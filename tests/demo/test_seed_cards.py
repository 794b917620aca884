"""The demo's cards and recognition: weeks of cards, past winners, awards, this month's vote, journey 7."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from PIL import Image

from wowdesk.accounts.models import User
from wowdesk.cards.models import Card, CardOfTheWeek, CardTimeSetting
from wowdesk.cards.periods import local_day, month_of
from wowdesk.cards.suggestions import card_suggestions
from wowdesk.conversations.models import Conversation
from wowdesk.recognition.models import Award, AwardKind, Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--conversations", "400", "--customers", "60", stdout=io.StringIO(), stderr=io.StringIO())


def test_every_team_has_card_time(seeded):
    assert CardTimeSetting.objects.count() == 3
    assert CardTimeSetting.objects.get(team__name="Harbor").minutes == 20


def test_several_weeks_of_cards_with_drawings_and_poems(seeded):
    weeks = set(Card.objects.values_list("week", flat=True))
    assert len(weeks) >= 5
    with_drawing = Card.objects.exclude(drawing="").first()
    assert with_drawing is not None
    with with_drawing.drawing.open("rb") as handle:
        image = Image.open(handle)
        assert (image.format, image.size) == ("PNG", (with_drawing.drawing_width, with_drawing.drawing_height))
    assert Card.objects.exclude(poem="").exists()
    assert Card.objects.filter(status=Card.Status.WRITTEN, delivery=Card.Delivery.MAIL).exists()
    assert Card.objects.filter(status=Card.Status.MAILED).exists()
    for card in Card.objects.filter(delivery=Card.Delivery.MAIL):
        assert card.postal_address


def test_past_weeks_have_a_card_of_the_week(seeded):
    winners = CardOfTheWeek.objects.filter(card__isnull=False)
    assert winners.count() >= 4
    for award in winners.select_related("card"):
        assert award.card is not None
        assert award.card.week == award.week


def test_past_months_have_heroes_with_sidekicks_and_managers(seeded):
    heroes = Award.objects.filter(kind=AwardKind.HERO, recipient__isnull=False)
    managers = Award.objects.filter(kind=AwardKind.MANAGER, recipient__isnull=False)
    assert heroes.count() == managers.count() == 3
    assert heroes.filter(nomination__sidekicks__isnull=False).exists()
    assert all(a.recipient is not None and a.recipient.role == User.Role.LEAD for a in managers)


def test_the_hospital_story_is_nominated_for_this_months_hero_vote(seeded):
    hospital = Conversation.objects.get(subject__contains="hospital")
    nomination = Nomination.objects.get(conversation=hospital)

    assert nomination.kind == AwardKind.HERO
    assert nomination.month == month_of(local_day())
    assert nomination.nominee == hospital.assignee
    assert {u.username for u in nomination.sidekicks.all()} == {"lottie", "ben"}
    assert not Award.objects.filter(month=nomination.month).exists()


def test_the_demo_login_has_card_time_suggestions_with_rapport_notes(seeded):
    demo = User.objects.get(username="demo")

    suggestions = card_suggestions(user=demo)

    keys = {r.key for s in suggestions for r in s.reasons}
    assert {"life_moment", "long_call", "problem_solved"} <= keys
    assert all(s.notes for s in suggestions[:3])
