"""Search over customers and conversation text, within what the caller may see."""

from __future__ import annotations

import pytest

from tests.api.conftest import fields
from tests.factories import ConversationFactory, CustomerFactory, TimelineEntryFactory

pytestmark = pytest.mark.django_db


def test_conversation_search_finds_message_text_the_caller_may_see(rep_api, lead_api, team, other_team):
    ours = ConversationFactory.create(team=team, subject="Boots")
    TimelineEntryFactory.create(conversation=ours, body="The zipper on the left boot broke")
    theirs = ConversationFactory.create(team=other_team, subject="Zipper trouble")
    found = rep_api.get("/search/conversations", {"q": "zipper"})
    assert found.status_code == 200
    assert [c["id"] for c in found.json()["items"]] == [ours.pk]
    assert {c["id"] for c in lead_api.get("/search/conversations", {"q": "zipper"}).json()["items"]} == {
        ours.pk,
        theirs.pk,
    }


def test_customer_search_by_name(rep_api):
    ann = CustomerFactory.create(name="Ann Archer")
    CustomerFactory.create(name="Bob Baker")
    body = rep_api.get("/search/customers", {"q": "archer"}).json()
    assert [c["id"] for c in body["items"]] == [ann.pk]
    assert body["next_cursor"] is None


def test_search_needs_a_query(rep_api):
    assert fields(rep_api.get("/search/conversations")) == {"q"}
    assert fields(rep_api.get("/search/conversations", {"q": "   "})) == {"q"}
    assert fields(rep_api.get("/search/customers", {"q": "x" * 201})) == {"q"}
    assert fields(rep_api.get("/search/customers", {"q": "a", "limit": 500})) == {"limit"}
