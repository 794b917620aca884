"""Who sees which items: whoever could open the thing an item points at."""

from __future__ import annotations

import itertools

import pytest

from tests.factories import ConversationFactory, UserFactory
from tests.rounds.conftest import put_item
from wowdesk.accounts.models import User
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.core.errors import NotFound
from wowdesk.rounds.models import Audience, RoundItem, Source
from wowdesk.rounds.permissions import can_release, items_visible_to
from wowdesk.rounds.selectors import round_item_get_for_user

pytestmark = pytest.mark.django_db


def _visible(user: User) -> set[int]:
    return set(items_visible_to(user).values_list("pk", flat=True))


def test_a_rep_sees_items_of_conversations_they_could_open(item, rep, outsider, other_team):
    mine = item()
    theirs = item(conversation=ConversationFactory.create(team=other_team))
    shared = item(conversation=ConversationFactory.create(team=None))
    assigned = item(conversation=ConversationFactory.create(team=other_team, assignee=rep))

    assert _visible(rep) == {mine.pk, shared.pk, assigned.pk}
    assert _visible(outsider) == {theirs.pk, shared.pk, assigned.pk}


def test_customer_items_are_for_all_staff_and_loose_email_for_leads(item, rep, lead):
    moment = item(audience=Audience.STAFF, source=Source.LIFE_MOMENT)
    loose_mail = item(audience=Audience.LEADS, source=Source.FAILED_EMAIL)
    finance = UserFactory.create(team=None)

    assert moment.pk in _visible(rep)
    assert moment.pk in _visible(finance)
    assert loose_mail.pk not in _visible(rep)
    assert {moment.pk, loose_mail.pk} <= _visible(lead)


def test_the_rule_is_the_conversations_rule(team, other_team, service_department):
    """Every kind of person against every kind of conversation: an item is visible exactly when its conversation is."""
    finance = UserFactory.create(team=None)
    people = [
        UserFactory.create(team=team),
        UserFactory.create(team=other_team),
        finance,
        UserFactory.create(team=team, role=User.Role.LEAD),
    ]
    for position, (team_choice, assignee) in enumerate(itertools.product([team, other_team, None], [None, *people])):
        conversation = ConversationFactory.create(team=team_choice, assignee=assignee)
        put_item(conversation=conversation, object_id=position + 1)
    for person in people:
        expected = set(
            RoundItem.objects.filter(conversation__in=conversations_visible_to(person)).values_list("pk", flat=True)
        )
        assert _visible(person) == expected


def test_the_item_follows_its_conversation_to_another_team(item, rep, other_team):
    thing = item()
    assert thing.pk in _visible(rep)

    conversation = thing.conversation
    assert conversation is not None
    conversation.team = other_team
    conversation.save(update_fields=["team"])

    assert thing.pk not in _visible(rep)


def test_a_deactivated_account_sees_nothing(item, rep):
    item()
    item(audience=Audience.STAFF, source=Source.LIFE_MOMENT)
    rep.is_active = False

    assert _visible(rep) == set()


def test_the_getter_says_not_found_for_hidden_and_missing_alike(item, rep, other_team):
    hidden = item(conversation=ConversationFactory.create(team=other_team))

    for pk in (hidden.pk, 999_999):
        with pytest.raises(NotFound):
            round_item_get_for_user(user=rep, pk=pk)


def test_who_may_give_a_claim_back(item, rep, teammate, lead):
    thing = item(status="claimed", claimed_by=rep)

    assert can_release(rep, thing)
    assert not can_release(teammate, thing)
    assert can_release(lead, thing)
