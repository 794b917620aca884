"""Actions posted from the conversation page: PRG without JS, the updated part with htmx, 400 on bad input."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ConversationFactory, CustomerFactory, UserFactory
from wowdesk.conversations.models import Conversation, EntryKind, Priority, Status, TimelineEntry

pytestmark = pytest.mark.django_db


def detail(conversation: Conversation) -> str:
    return reverse("conversations:detail", args=[conversation.pk])


def action(name: str, conversation: Conversation) -> str:
    return reverse(f"conversations:{name}", args=[conversation.pk])


def entries(conversation: Conversation, kind: str) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(conversation=conversation, kind=kind))


def test_reply_is_recorded_and_redirects_back_to_the_conversation(rep_client, rep, conversation):
    response = rep_client.post(action("reply", conversation), {"body": "A size 40 is on its way."})

    assert response.status_code == 302
    assert response["Location"] == detail(conversation)
    [reply] = entries(conversation, EntryKind.OUTBOUND)
    assert reply.body == "A size 40 is on its way."
    assert reply.author == rep
    conversation.refresh_from_db()
    assert conversation.status == Status.OPEN


def test_reply_can_set_the_status_at_the_same_time(rep_client, conversation):
    rep_client.post(action("reply", conversation), {"body": "Let me know!", "status": "waiting"})

    conversation.refresh_from_db()
    assert conversation.status == Status.WAITING


def test_htmx_reply_returns_the_updated_conversation_part(rep_client, conversation, htmx):
    response = rep_client.post(action("reply", conversation), {"body": "On its way."}, headers=htmx)

    assert response.status_code == 200
    assert 'id="conversation"' in response.text
    assert "On its way." in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize("body", ["", "   "])
def test_empty_reply_is_a_400_on_the_body_field(rep_client, conversation, body):
    response = rep_client.post(action("reply", conversation), {"body": body})

    assert response.status_code == 400
    assert "body" in response.context["reply_form"].errors
    assert entries(conversation, EntryKind.OUTBOUND) == []


def test_htmx_bad_reply_returns_the_part_with_the_error(rep_client, conversation, htmx):
    response = rep_client.post(action("reply", conversation), {"body": "   "}, headers=htmx)

    assert response.status_code == 400
    assert "Write something first." in response.text
    assert "<html" not in response.text


def test_note_is_recorded_as_internal(rep_client, rep, conversation):
    response = rep_client.post(action("note", conversation), {"body": "VIP: sent free socks last time."})

    assert response.status_code == 302
    [note] = entries(conversation, EntryKind.NOTE)
    assert note.body == "VIP: sent free socks last time."
    assert 'class="entry entry-note"' in rep_client.get(detail(conversation)).text


def test_status_change(rep_client, conversation):
    rep_client.post(action("status", conversation), {"status": "resolved"})

    conversation.refresh_from_db()
    assert conversation.status == Status.RESOLVED
    assert conversation.resolved_at is not None


def test_priority_change(rep_client, conversation):
    rep_client.post(action("priority", conversation), {"priority": "high"})

    conversation.refresh_from_db()
    assert conversation.priority == Priority.HIGH


@pytest.mark.parametrize(
    ("name", "data", "form_key", "field"),
    [
        ("status", {"status": "lost"}, "status_form", "status"),
        ("priority", {"priority": "meh"}, "priority_form", "priority"),
        ("assign", {"assignee": "999999"}, "assign_form", "assignee"),
        ("assign", {"team": "abc"}, "assign_form", "team"),
        ("merge", {"target": "x"}, "merge_form", "target"),
        ("tags", {"tags": "x" * 51}, "tags_form", "tags"),
    ],
)
def test_bad_input_is_a_400_with_the_error_on_the_field(rep_client, conversation, name, data, form_key, field):
    response = rep_client.post(action(name, conversation), data)

    assert response.status_code == 400
    assert field in response.context[form_key].errors


def test_assign_to_a_teammate(rep_client, teammate, team, conversation):
    rep_client.post(action("assign", conversation), {"assignee": teammate.pk, "team": team.pk})

    conversation.refresh_from_db()
    assert conversation.assignee == teammate
    assert conversation.team == team
    assert conversation.status == Status.OPEN


def test_assign_to_me_takes_the_conversation_into_my_team(rep_client, rep, team):
    shared = ConversationFactory.create(team=None)

    rep_client.post(action("assign", shared), {"me": "true"})

    shared.refresh_from_db()
    assert shared.assignee == rep
    assert shared.team == team


def test_unassigning_clears_assignee_and_team(rep_client, rep, team, conversation):
    rep_client.post(action("assign", conversation), {"assignee": "", "team": ""})

    conversation.refresh_from_db()
    assert conversation.assignee is None
    assert conversation.team is None


def test_handing_a_conversation_to_another_team_goes_back_to_the_inbox(rep_client, outsider, other_team, conversation):
    response = rep_client.post(action("assign", conversation), {"assignee": outsider.pk, "team": other_team.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:inbox")
    conversation.refresh_from_db()
    assert conversation.assignee == outsider


def test_htmx_hand_off_to_another_team_redirects_the_whole_page(rep_client, outsider, other_team, conversation, htmx):
    response = rep_client.post(
        action("assign", conversation), {"assignee": outsider.pk, "team": other_team.pk}, headers=htmx
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("conversations:inbox")


def test_inactive_assignee_is_rejected_on_the_field(rep_client, team, conversation):
    gone = UserFactory.create(team=team, is_active=False)

    response = rep_client.post(action("assign", conversation), {"assignee": gone.pk})

    assert response.status_code == 400
    assert "assignee" in response.context["assign_form"].errors


def test_tags_are_replaced(rep_client, conversation):
    rep_client.post(action("tags", conversation), {"tags": "Sizing, returns, ,sizing"})

    assert sorted(conversation.tags.values_list("name", flat=True)) == ["returns", "sizing"]


def test_merge_into_another_conversation_of_the_customer(rep_client, team, conversation):
    target = ConversationFactory.create(team=team, customer=conversation.customer)

    response = rep_client.post(action("merge", conversation), {"target": target.pk})

    assert response.status_code == 302
    assert response["Location"] == detail(target)
    conversation.refresh_from_db()
    assert conversation.merged_into == target


def test_htmx_merge_loads_the_target_page(rep_client, team, conversation, htmx):
    target = ConversationFactory.create(team=team, customer=conversation.customer)

    response = rep_client.post(action("merge", conversation), {"target": target.pk}, headers=htmx)

    assert response.status_code == 204
    assert response["HX-Redirect"] == detail(target)


def test_merge_into_another_customers_conversation_is_a_400_on_target(rep_client, team, conversation):
    stranger = ConversationFactory.create(team=team, customer=CustomerFactory.create())

    response = rep_client.post(action("merge", conversation), {"target": stranger.pk})

    assert response.status_code == 400
    assert "target" in response.context["merge_form"].errors


def test_merge_into_an_invisible_conversation_is_a_400_not_a_leak(rep_client, other_team, conversation):
    hidden = ConversationFactory.create(team=other_team, customer=conversation.customer)

    response = rep_client.post(action("merge", conversation), {"target": hidden.pk})

    assert response.status_code == 400
    assert response.context["merge_form"].errors["target"] == ["No conversation with this number."]


@pytest.mark.parametrize("name", ["reply", "note", "status", "priority", "assign", "tags", "merge", "call_start"])
def test_outsider_cannot_act_on_another_teams_conversation(outsider_client, conversation, name):
    response = outsider_client.post(action(name, conversation), {"body": "x", "status": "open"})

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["reply", "note", "status", "call_start"])
def test_actions_only_accept_post(rep_client, conversation, name):
    assert rep_client.get(action(name, conversation)).status_code == 405


def test_anonymous_post_is_sent_to_login(conversation):
    response = Client().post(action("reply", conversation), {"body": "hi"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert entries(conversation, EntryKind.OUTBOUND) == []
