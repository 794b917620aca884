"""Builders for announced awards, as the monthly close leaves them."""

from __future__ import annotations

import datetime as dt

from tests.cards.factories import CardFactory
from tests.factories import ConversationFactory, UserFactory
from wowdesk.accounts.models import User
from wowdesk.cards.models import CardOfTheWeek
from wowdesk.recognition.models import Award, AwardKind, Nomination


def hero_award(month: dt.date, *, hero: User, sidekicks: list[User], story: str = "Went the extra mile.") -> Award:
    nominator = UserFactory.create(team=hero.team)
    conversation = ConversationFactory.create(team=hero.team, assignee=hero)
    nomination = Nomination.objects.create(
        kind=AwardKind.HERO,
        month=month,
        nominee=hero,
        nominator=nominator,
        team=hero.team,
        conversation=conversation,
        story=story,
    )
    nomination.sidekicks.set(sidekicks)
    return Award.objects.create(
        kind=AwardKind.HERO, month=month, nomination=nomination, recipient=hero, team=hero.team, votes=3
    )


def manager_award(month: dt.date, *, lead: User, story: str = "Always there for the team.") -> Award:
    nomination = Nomination.objects.create(
        kind=AwardKind.MANAGER, month=month, nominee=lead, nominator=UserFactory.create(team=lead.team), story=story
    )
    return Award.objects.create(
        kind=AwardKind.MANAGER, month=month, nomination=nomination, recipient=lead, team=lead.team
    )


def card_award(week: dt.date, *, author: User, message: str = "A card that made someone's week.") -> CardOfTheWeek:
    card = CardFactory.create(author=author, written_on=week, week=week, message=message)
    return CardOfTheWeek.objects.create(week=week, card=card, votes=2)
