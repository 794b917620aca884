"""Who sees which conversation: rep, teammate, outsider (other team) and lead."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from tests.factories import CallFactory, ConversationFactory, UserFactory
from wowdesk.conversations.models import Status, Tag
from wowdesk.conversations.permissions import can_see_conversation, conversations_visible_to
from wowdesk.conversations.selectors import (
    InboxFilters,
    call_get_for_user,
    conversation_get_for_user,
    inbox,
)
from wowdesk.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_conversation(team):
    return ConversationFactory.create(team=team, subject="Falcons' boots")


def test_rep_and_teammate_see_their_team_conversation(rep, teammate, team_conversation):
    assert conversation_get_for_user(user=rep, pk=team_conversation.pk) == team_conversation
    assert conversation_get_for_user(user=teammate, pk=team_conversation.pk) == team_conversation


def test_outsider_cannot_get_another_teams_conversation(outsider, team_conversation):
    with pytest.raises(NotFound):
        conversation_get_for_user(user=outsider, pk=team_conversation.pk)
    assert not can_see_conversation(outsider, team_conversation)


def test_missing_and_hidden_conversations_look_the_same(outsider, team_conversation):
    with pytest.raises(NotFound) as hidden:
        conversation_get_for_user(user=outsider, pk=team_conversation.pk)
    with pytest.raises(NotFound) as missing:
        conversation_get_for_user(user=outsider, pk=team_conversation.pk + 1000)

    assert str(hidden.value) == str(missing.value)


def test_lead_sees_every_team(lead, other_team):
    theirs = ConversationFactory.create(team=other_team)

    assert conversation_get_for_user(user=lead, pk=theirs.pk) == theirs
    assert can_see_conversation(lead, theirs)


def test_outsider_sees_what_is_assigned_to_them_even_on_another_team(outsider, team):
    handed_over = ConversationFactory.create(team=team, assignee=outsider)

    assert conversation_get_for_user(user=outsider, pk=handed_over.pk) == handed_over


def test_shared_queue_without_a_team_is_visible_to_every_rep(rep, outsider):
    queue = ConversationFactory.create(team=None)

    assert conversation_get_for_user(user=rep, pk=queue.pk) == queue
    assert conversation_get_for_user(user=outsider, pk=queue.pk) == queue


def test_staff_without_a_team_see_only_assigned_and_shared_queue(team):
    finance = UserFactory.create(team=None)
    mine = ConversationFactory.create(team=team, assignee=finance)
    queue = ConversationFactory.create(team=None)
    ConversationFactory.create(team=team)

    assert set(conversations_visible_to(finance)) == {mine, queue}


def test_deactivated_user_sees_nothing(team_conversation, team):
    former = UserFactory.create(team=team, is_active=False)

    assert not conversations_visible_to(former).exists()
    with pytest.raises(NotFound):
        conversation_get_for_user(user=former, pk=team_conversation.pk)


def test_merged_conversation_does_not_leak_a_target_the_caller_cannot_see(outsider, other_team, team):
    hidden_target = ConversationFactory.create(team=team)
    visible_source = ConversationFactory.create(
        team=other_team, merged_into=hidden_target, customer=hidden_target.customer
    )

    assert conversation_get_for_user(user=outsider, pk=visible_source.pk) == visible_source


def test_call_visibility_follows_its_conversation(rep, outsider, team):
    call = CallFactory.create(conversation__team=team, agent=rep)

    assert call_get_for_user(user=rep, pk=call.pk) == call
    with pytest.raises(NotFound):
        call_get_for_user(user=outsider, pk=call.pk)
    with pytest.raises(NotFound):
        call_get_for_user(user=rep, pk=call.pk + 1000)


class TestInbox:
    def test_lists_only_visible_live_conversations(self, rep, team, other_team):
        ours = ConversationFactory.create(team=team)
        queue = ConversationFactory.create(team=None)
        ConversationFactory.create(team=other_team)
        ConversationFactory.create(team=team, merged_into=ours, customer=ours.customer)

        page = inbox(user=rep, filters=InboxFilters(), cursor=None, size=10)

        assert set(page.items) == {ours, queue}

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            (InboxFilters(scope="mine"), {"mine"}),
            (InboxFilters(scope="team"), {"mine", "team"}),
            (InboxFilters(scope="unassigned"), {"team", "queue"}),
            (InboxFilters(status=Status.RESOLVED), {"queue"}),
            (InboxFilters(tag="vip"), {"team"}),
        ],
    )
    def test_filters(self, rep, team, filters, expected):
        convs = {
            "mine": ConversationFactory.create(team=team, assignee=rep, status=Status.OPEN),
            "team": ConversationFactory.create(team=team),
            "queue": ConversationFactory.create(team=None, status=Status.RESOLVED),
        }
        convs["team"].tags.add(Tag.objects.create(name="vip"))

        page = inbox(user=rep, filters=filters, cursor=None, size=10)

        assert {name for name, c in convs.items() if c in page.items} == expected

    @pytest.mark.parametrize("field", ["scope", "status", "channel", "sort"])
    def test_unknown_filter_value_names_the_field(self, rep, field):
        with pytest.raises(ValidationError) as exc:
            inbox(user=rep, filters=InboxFilters(**{field: "bogus"}), cursor=None, size=10)

        assert set(exc.value.message_dict) == {field}

    def test_pages_cover_every_conversation_once(self, rep, team):
        made = {ConversationFactory.create(team=team).pk for _ in range(7)}
        seen: list[int] = []
        cursor = None
        while True:
            page = inbox(user=rep, filters=InboxFilters(), cursor=cursor, size=3)
            seen += [c.pk for c in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break

        assert sorted(seen) == sorted(made)

    @pytest.mark.parametrize("role", ["rep", "lead"])
    def test_query_count_is_constant_in_the_number_of_rows(self, role, rep, lead, team, django_assert_num_queries):
        user = {"rep": rep, "lead": lead}[role]

        names = itertools.count()

        def fill(n: int) -> None:
            for _ in range(n):
                conversation = ConversationFactory.create(team=team, assignee=rep)
                conversation.tags.add(Tag.objects.create(name=f"tag-{next(names)}"))

        fill(3)
        with django_assert_num_queries(2):
            assert len(inbox(user=user, filters=InboxFilters(), cursor=None, size=50).items) == 3
        fill(6)
        with django_assert_num_queries(2):
            assert len(inbox(user=user, filters=InboxFilters(), cursor=None, size=50).items) == 9


def test_the_visibility_annotation_agrees_with_the_rule(rep, outsider, lead, team, other_team):
    """Rows elsewhere (problem reports, nominations) learn from one annotation whether to link their conversation."""
    from tests.factories import ProblemReportFactory
    from wowdesk.conversations.permissions import conversation_visible_annotation
    from wowdesk.orders.models import ProblemReport

    ours = ProblemReportFactory.create(conversation__team=team)
    theirs = ProblemReportFactory.create(conversation__team=other_team)
    shared = ProblemReportFactory.create(conversation__team=None)
    mine_elsewhere = ProblemReportFactory.create(conversation__team=other_team, conversation__assignee=rep)

    for user in (rep, outsider, lead):
        rows = ProblemReport.objects.annotate(visible=conversation_visible_annotation(user)).select_related(
            "conversation"
        )
        got = {row.pk: row.visible for row in rows}
        expected = {row.pk: can_see_conversation(user, row.conversation) for row in rows}
        assert got == expected, user.username
    assert [ours.pk, shared.pk, mine_elsewhere.pk] == sorted(
        pk
        for pk, visible in ProblemReport.objects.annotate(visible=conversation_visible_annotation(rep)).values_list(
            "pk", "visible"
        )
        if visible
    )
    assert theirs.pk not in [ours.pk, shared.pk, mine_elsewhere.pk]
