"""Conversations over the API: inbox filters, detail, timeline and every action, per role."""

from __future__ import annotations

import pytest

from tests.api.conftest import fields
from tests.factories import ConversationFactory, CustomerFactory, TimelineEntryFactory, UserFactory
from wowdesk.conversations.models import Conversation, EntryKind, Status, Tag, TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_conversation(team):
    return ConversationFactory.create(team=team, subject="Falcons' boots")


@pytest.fixture
def otters_conversation(other_team):
    return ConversationFactory.create(team=other_team, subject="Otters' sandals")


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# --- list and filters ---------------------------------------------------------


def test_inbox_shows_each_role_what_it_may_see(
    rep_api, teammate_api, outsider_api, lead_api, team_conversation, otters_conversation
):
    shared = ConversationFactory.create(team=None)
    assert set(_ids(rep_api.get("/conversations"))) == {team_conversation.pk, shared.pk}
    assert set(_ids(teammate_api.get("/conversations"))) == {team_conversation.pk, shared.pk}
    assert set(_ids(outsider_api.get("/conversations"))) == {otters_conversation.pk, shared.pk}
    assert set(_ids(lead_api.get("/conversations"))) == {team_conversation.pk, otters_conversation.pk, shared.pk}


def test_inbox_filters_by_scope(rep, rep_api, team, team_conversation):
    mine = ConversationFactory.create(team=team, assignee=rep)
    unassigned_shared = ConversationFactory.create(team=None)
    assert _ids(rep_api.get("/conversations", {"scope": "mine"})) == [mine.pk]
    assert set(_ids(rep_api.get("/conversations", {"scope": "team"}))) == {mine.pk, team_conversation.pk}
    assert set(_ids(rep_api.get("/conversations", {"scope": "unassigned"}))) == {
        team_conversation.pk,
        unassigned_shared.pk,
    }


def test_inbox_filters_by_status_channel_and_tag(rep_api, team):
    waiting = ConversationFactory.create(team=team, status=Status.WAITING, channel="phone")
    ConversationFactory.create(team=team, status=Status.OPEN, channel="email")
    waiting.tags.add(Tag.objects.create(name="vip"))
    assert _ids(rep_api.get("/conversations", {"status": "waiting"})) == [waiting.pk]
    assert _ids(rep_api.get("/conversations", {"channel": "phone"})) == [waiting.pk]
    assert _ids(rep_api.get("/conversations", {"tag": "VIP"})) == [waiting.pk]


def test_inbox_sorts_and_pages_with_a_cursor(rep_api, team):
    made = [ConversationFactory.create(team=team) for _ in range(5)]
    oldest_first = [c.pk for c in sorted(made, key=lambda c: (c.created_at, c.pk))]
    first = rep_api.get("/conversations", {"sort": "-created", "limit": 2}).json()
    assert [i["id"] for i in first["items"]] == oldest_first[:2]
    second = rep_api.get("/conversations", {"sort": "-created", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in second["items"]] == oldest_first[2:4]
    last = rep_api.get("/conversations", {"sort": "-created", "limit": 2, "cursor": second["next_cursor"]}).json()
    assert [i["id"] for i in last["items"]] == oldest_first[4:]
    assert last["next_cursor"] is None


def test_inbox_items_carry_no_call_durations(rep_api, team_conversation):
    item = rep_api.get("/conversations").json()["items"][0]
    assert "calls" not in item
    assert not any("duration" in key for key in item)


# --- create -------------------------------------------------------------------


def test_create_opens_a_conversation_with_its_first_message(rep, rep_api, team):
    customer = CustomerFactory.create()
    response = rep_api.post(
        "/conversations",
        {
            "customer_id": customer.pk,
            "channel": "phone",
            "subject": " Boots too small ",
            "body": "They pinch.",
            "team_id": team.pk,
            "assignee_id": rep.pk,
            "priority": "high",
            "tags": ["Fit", "boots"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["subject"] == "Boots too small"
    assert body["status"] == "open"
    assert body["assignee"]["id"] == rep.pk
    assert body["team"] == {"id": team.pk, "name": "Falcons"}
    assert body["tags"] == ["boots", "fit"]
    assert body["calls"] == []
    entries = TimelineEntry.objects.filter(conversation_id=body["id"])
    assert entries.filter(kind=EntryKind.INBOUND, body="They pinch.").exists()


def test_create_names_unknown_references(rep_api):
    response = rep_api.post(
        "/conversations", {"customer_id": 999_999, "channel": "email", "subject": "Hi", "assignee_id": 999_999}
    )
    assert response.status_code == 422
    assert fields(response) == {"customer_id"}
    customer = CustomerFactory.create()
    response = rep_api.post(
        "/conversations",
        {"customer_id": customer.pk, "channel": "email", "subject": "Hi", "team_id": 999_999},
    )
    assert response.status_code == 422
    assert fields(response) == {"team_id"}
    assert not Conversation.objects.exists()


def test_create_with_inactive_assignee_writes_nothing(rep_api):
    customer = CustomerFactory.create()
    gone = UserFactory.create(is_active=False)
    response = rep_api.post(
        "/conversations", {"customer_id": customer.pk, "channel": "email", "subject": "Hi", "assignee_id": gone.pk}
    )
    assert response.status_code == 422
    assert fields(response) == {"assignee_id"}
    assert not Conversation.objects.exists()


def test_create_with_an_over_long_tag_writes_nothing(rep_api):
    customer = CustomerFactory.create()
    response = rep_api.post(
        "/conversations", {"customer_id": customer.pk, "channel": "email", "subject": "Hi", "tags": ["x" * 51]}
    )
    assert response.status_code == 422
    assert fields(response) == {"tags[0]"}
    assert not Conversation.objects.exists()
    assert not Tag.objects.exists()


# --- detail and timeline --------------------------------------------------------


def test_outsider_gets_404_on_another_teams_conversation_and_lead_sees_it(
    rep_api, teammate_api, outsider_api, lead_api, team_conversation
):
    path = f"/conversations/{team_conversation.pk}"
    assert rep_api.get(path).status_code == 200
    assert teammate_api.get(path).status_code == 200
    assert lead_api.get(path).status_code == 200
    hidden = outsider_api.get(path)
    assert hidden.status_code == 404
    assert hidden.json() == outsider_api.get("/conversations/999999").json()


def test_outsider_cannot_act_on_another_teams_conversation(outsider_api, team_conversation):
    pk = team_conversation.pk
    before = TimelineEntry.objects.count()
    for path, body in [
        (f"/conversations/{pk}/timeline", None),
        (f"/conversations/{pk}/replies", {"body": "Hi"}),
        (f"/conversations/{pk}/notes", {"body": "Hi"}),
        (f"/conversations/{pk}/status", {"status": "resolved"}),
        (f"/conversations/{pk}/assignment", {"assignee_id": None, "team_id": None}),
        (f"/conversations/{pk}/priority", {"priority": "urgent"}),
        (f"/conversations/{pk}/merge", {"into_id": pk}),
        (f"/conversations/{pk}/calls", {}),
    ]:
        response = outsider_api.get(path) if body is None else outsider_api.post(path, body)
        assert response.status_code == 404, path
    assert outsider_api.put(f"/conversations/{pk}/tags", {"tags": ["x"]}).status_code == 404
    assert TimelineEntry.objects.count() == before


def test_timeline_lists_entries_oldest_first(rep_api, team_conversation):
    first = TimelineEntryFactory.create(conversation=team_conversation, body="first")
    second = TimelineEntryFactory.create(conversation=team_conversation, body="second")
    response = rep_api.get(f"/conversations/{team_conversation.pk}/timeline")
    assert _ids(response) == [first.pk, second.pk]
    assert response.json()["items"][0]["kind"] == "inbound"


# --- actions ----------------------------------------------------------------------


def test_reply_records_an_outbound_entry_and_can_change_status(rep, rep_api, team_conversation):
    response = rep_api.post(
        f"/conversations/{team_conversation.pk}/replies", {"body": "On its way!", "status": "waiting"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "outbound"
    assert response.json()["author"]["id"] == rep.pk
    team_conversation.refresh_from_db()
    assert team_conversation.status == Status.WAITING


def test_empty_reply_is_422_and_writes_nothing(rep_api, team_conversation):
    before = TimelineEntry.objects.count()
    response = rep_api.post(f"/conversations/{team_conversation.pk}/replies", {"body": "   "})
    assert response.status_code == 422
    assert fields(response) == {"body"}
    assert TimelineEntry.objects.count() == before


def test_note_is_internal(rep_api, team_conversation):
    response = rep_api.post(f"/conversations/{team_conversation.pk}/notes", {"body": "Call back Tuesday"})
    assert response.status_code == 201
    assert response.json()["kind"] == "note"


def test_status_priority_and_tags_change(rep_api, team_conversation):
    pk = team_conversation.pk
    assert rep_api.post(f"/conversations/{pk}/status", {"status": "resolved"}).json()["status"] == "resolved"
    assert rep_api.post(f"/conversations/{pk}/priority", {"priority": "urgent"}).json()["priority"] == "urgent"
    response = rep_api.put(f"/conversations/{pk}/tags", {"tags": ["Gift", " wrap "]})
    assert response.json() == {"tags": ["gift", "wrap"]}
    assert rep_api.get(f"/conversations/{pk}").json()["tags"] == ["gift", "wrap"]


def test_assign_to_a_teammate_and_back_to_the_shared_queue(rep_api, teammate, team, team_conversation):
    pk = team_conversation.pk
    response = rep_api.post(f"/conversations/{pk}/assignment", {"assignee_id": teammate.pk, "team_id": team.pk})
    assert response.status_code == 200
    assert response.json()["assignee"]["id"] == teammate.pk
    response = rep_api.post(f"/conversations/{pk}/assignment", {"assignee_id": None, "team_id": None})
    assert response.json()["assignee"] is None
    assert response.json()["team"] is None


def test_assign_needs_both_keys_and_known_people(rep_api, team_conversation):
    pk = team_conversation.pk
    assert fields(rep_api.post(f"/conversations/{pk}/assignment", {"assignee_id": None})) == {"team_id"}
    response = rep_api.post(f"/conversations/{pk}/assignment", {"assignee_id": 999_999, "team_id": None})
    assert response.status_code == 422
    assert fields(response) == {"assignee_id"}


def test_merge_folds_the_source_into_the_target(rep_api, team):
    customer = CustomerFactory.create()
    source = ConversationFactory.create(team=team, customer=customer)
    target = ConversationFactory.create(team=team, customer=customer)
    TimelineEntryFactory.create(conversation=source, body="from the source")
    response = rep_api.post(f"/conversations/{source.pk}/merge", {"into_id": target.pk})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == target.pk
    bodies = [e["body"] for e in rep_api.get(f"/conversations/{target.pk}/timeline").json()["items"]]
    assert "from the source" in bodies
    again = rep_api.post(f"/conversations/{source.pk}/merge", {"into_id": target.pk})
    assert again.status_code == 422
    assert fields(again) == {"source"}


def test_merge_across_customers_is_422_on_into_id(rep_api, team):
    source = ConversationFactory.create(team=team)
    target = ConversationFactory.create(team=team)
    response = rep_api.post(f"/conversations/{source.pk}/merge", {"into_id": target.pk})
    assert response.status_code == 422
    assert fields(response) == {"into_id"}
    source.refresh_from_db()
    assert source.merged_into_id is None


def test_merge_into_a_hidden_conversation_is_422_on_into_id(rep_api, team, otters_conversation):
    source = ConversationFactory.create(team=team, customer=otters_conversation.customer)
    response = rep_api.post(f"/conversations/{source.pk}/merge", {"into_id": otters_conversation.pk})
    assert response.status_code == 422
    assert fields(response) == {"into_id"}
