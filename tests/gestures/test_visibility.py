"""Who sees which gestures: leads everything; others what their conversations, grants and huddles show them."""

from __future__ import annotations

import pytest

from tests.factories import ConversationFactory, UserFactory
from wowdesk.core.errors import NotFound
from wowdesk.gestures.models import Gesture
from wowdesk.gestures.permissions import can_manage_catalogue, gestures_visible_to
from wowdesk.gestures.selectors import gesture_get_for_user, shipment_get_for_user
from wowdesk.gestures.services import gesture_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_teams_gesture(items, outsider, other_team, customer) -> Gesture:
    theirs = ConversationFactory.create(team=other_team, customer=customer)
    return gesture_grant(actor=outsider, conversation=theirs, item=items["Tin of cookies"], why="Cheer").gesture


def test_a_rep_sees_their_teams_gestures_but_not_another_teams(grant, rep, teammate, other_teams_gesture):
    ours = grant("Tin of cookies", actor=teammate).gesture

    assert list(gestures_visible_to(rep)) == [ours]
    with pytest.raises(NotFound):
        gesture_get_for_user(user=rep, pk=other_teams_gesture.pk)
    with pytest.raises(NotFound):
        shipment_get_for_user(user=rep, pk=other_teams_gesture.shipment.pk)


def test_a_lead_sees_every_gesture(grant, lead, other_teams_gesture):
    ours = grant("Tin of cookies").gesture
    assert set(gestures_visible_to(lead)) == {ours, other_teams_gesture}


def test_a_rep_always_sees_what_they_granted_even_after_the_conversation_moved(grant, rep, conversation, other_team):
    gesture = grant("Tin of cookies").gesture
    conversation.team = other_team
    conversation.save()
    assert gesture_get_for_user(user=rep, pk=gesture.pk) == gesture


def test_a_deactivated_account_sees_nothing(grant, rep):
    grant("Tin of cookies")
    rep.is_active = False
    rep.save()
    assert not gestures_visible_to(rep).exists()


def test_only_admins_manage_the_catalogue(rep, lead, admin_user):
    assert not can_manage_catalogue(rep)
    assert not can_manage_catalogue(lead)
    assert can_manage_catalogue(admin_user)
    assert not can_manage_catalogue(UserFactory.create(role="admin", is_active=False))
