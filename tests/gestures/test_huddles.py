"""Huddles: anyone can be invited from any department; whoever contributes becomes a sidekick."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from wowdesk.accounts.models import Department
from wowdesk.conversations.services import conversation_merge
from wowdesk.gestures.models import AuditAction, Contribution, GestureAudit, HuddleMember, Sidekick
from wowdesk.gestures.selectors import (
    gesture_get_for_user,
    sidekick_users_for_conversation,
    sidekicks_for_conversation,
)
from wowdesk.gestures.services import huddle_contribute, huddle_invite, huddle_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def kids_team():
    kids = Department.objects.create(name="Kids' Shoes", slug="kids-shoes")
    return (
        UserFactory.create(username="lottie", first_name="Charlotte", team=None, department=kids),
        UserFactory.create(username="ben", first_name="Benji", team=None, department=kids),
    )


@pytest.fixture
def package(grant):
    return grant("Custom package", description="Light-up high-tops, cards and stickers").gesture


def test_opening_a_huddle_makes_the_opener_its_first_member(package, rep):
    huddle = huddle_open(actor=rep, gesture=package, purpose="Shoes we do carry, cards and gifts")

    assert list(huddle.members.values_list("user", flat=True)) == [rep.pk]
    assert GestureAudit.objects.filter(gesture=package, action=AuditAction.HUDDLE_OPENED).count() == 1
    with pytest.raises(ValidationError) as exc:
        huddle_open(actor=rep, gesture=package, purpose="Again")
    assert set(exc.value.message_dict) == {"huddle"}


def test_a_purpose_is_required(package, rep):
    with pytest.raises(ValidationError) as exc:
        huddle_open(actor=rep, gesture=package, purpose="  ")
    assert set(exc.value.message_dict) == {"purpose"}


def test_helpers_from_another_department_become_sidekicks_when_they_contribute(package, rep, kids_team, conversation):
    lottie, ben = kids_team
    huddle = huddle_open(actor=rep, gesture=package, purpose="A package for Hania")
    huddle_invite(actor=rep, huddle=huddle, user=lottie)
    huddle_invite(actor=rep, huddle=huddle, user=ben)
    huddle_invite(actor=rep, huddle=huddle, user=ben)  # twice changes nothing

    huddle_contribute(actor=lottie, huddle=huddle, kind=Contribution.Kind.ITEM, description="Purple high-tops, size 3")
    huddle_contribute(actor=lottie, huddle=huddle, kind=Contribution.Kind.ITEM, description="Sparkly laces")
    huddle_contribute(actor=rep, huddle=huddle, kind=Contribution.Kind.ITEM, description="Silly socks")

    assert HuddleMember.objects.filter(huddle=huddle).count() == 3
    assert list(huddle.contributions.values_list("author__username", flat=True)) == ["lottie", "lottie", "rita"]
    # Only Lottie helped so far; the rep who granted it is not their own sidekick.
    assert list(Sidekick.objects.filter(gesture=package).values_list("user__username", flat=True)) == ["lottie"]
    huddle_contribute(actor=ben, huddle=huddle, kind=Contribution.Kind.CARD, description="Card signed by 14 people")
    assert sidekick_users_for_conversation(conversation_id=conversation.pk) == [lottie, ben]
    actions = list(GestureAudit.objects.filter(gesture=package).values_list("action", flat=True))
    assert actions.count(AuditAction.SIDEKICK_ADDED) == 2
    assert actions.count(AuditAction.MEMBER_INVITED) == 2


def test_an_invited_helper_sees_the_gesture_but_not_the_conversation(package, rep, kids_team):
    from wowdesk.conversations.permissions import can_see_conversation

    lottie, _ben = kids_team
    with pytest.raises(Exception, match="No such gesture"):
        gesture_get_for_user(user=lottie, pk=package.pk)
    huddle = huddle_open(actor=rep, gesture=package, purpose="Hania")
    huddle_invite(actor=rep, huddle=huddle, user=lottie)

    assert gesture_get_for_user(user=lottie, pk=package.pk) == package
    assert not can_see_conversation(lottie, package.conversation)


def test_an_inactive_colleague_cannot_be_invited(package, rep):
    gone = UserFactory.create(is_active=False)
    huddle = huddle_open(actor=rep, gesture=package, purpose="Hania")
    with pytest.raises(ValidationError) as exc:
        huddle_invite(actor=rep, huddle=huddle, user=gone)
    assert set(exc.value.message_dict) == {"user"}


@pytest.mark.parametrize(("kind", "description", "field"), [("poem", "x", "kind"), ("item", " ", "description")])
def test_bad_contributions_are_refused(package, rep, kind, description, field):
    huddle = huddle_open(actor=rep, gesture=package, purpose="Hania")
    with pytest.raises(ValidationError) as exc:
        huddle_contribute(actor=rep, huddle=huddle, kind=kind, description=description)
    assert set(exc.value.message_dict) == {field}
    assert not Contribution.objects.exists()


def test_sidekicks_of_a_merged_conversation_read_through_the_survivor(package, rep, kids_team, conversation, team):
    from tests.factories import ConversationFactory

    lottie, _ben = kids_team
    huddle = huddle_open(actor=rep, gesture=package, purpose="Hania")
    huddle_contribute(actor=lottie, huddle=huddle, kind=Contribution.Kind.ITEM, description="High-tops")
    survivor = ConversationFactory.create(customer=conversation.customer, team=team)
    conversation_merge(actor=rep, source=conversation, target=survivor)

    assert [s.user for s in sidekicks_for_conversation(conversation_id=survivor.pk)] == [lottie]
