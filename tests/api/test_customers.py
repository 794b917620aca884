"""Customers over the API: directory, CRUD, contact details, merge and rapport."""

from __future__ import annotations

import pytest

from tests.api.conftest import fields
from tests.factories import (
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    LifeMomentFactory,
    RapportNoteFactory,
)
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.customers.models import Customer, CustomerEmail, LifeMoment, RapportNote

pytestmark = pytest.mark.django_db


def test_directory_searches_names_and_emails_and_pages(rep_api):
    ann = CustomerFactory.create(name="Ann Archer")
    bob = CustomerFactory.create(name="Bob Baker")
    CustomerEmailFactory.create(customer=bob, email="bob@shoes.example")
    assert [c["id"] for c in rep_api.get("/customers", {"q": "archer"}).json()["items"]] == [ann.pk]
    found = rep_api.get("/customers", {"q": "shoes.example"}).json()["items"]
    assert [(c["id"], c["primary_email"]) for c in found] == [(bob.pk, "bob@shoes.example")]
    first = rep_api.get("/customers", {"limit": 1}).json()
    second = rep_api.get("/customers", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [ann.pk, bob.pk]


def test_directory_sorts_by_recent_activity(rep_api):
    quiet = CustomerFactory.create(name="Quiet")
    busy = CustomerFactory.create(name="Busy")
    ConversationFactory.create(customer=busy)
    ids = [c["id"] for c in rep_api.get("/customers", {"sort": "recent"}).json()["items"]]
    assert ids == [busy.pk, quiet.pk]


def test_every_staff_member_may_see_any_customer(outsider_api, lead_api):
    customer = CustomerFactory.create()
    assert outsider_api.get(f"/customers/{customer.pk}").status_code == 200
    assert lead_api.get(f"/customers/{customer.pk}").status_code == 200


def test_create_with_contact_details(rep_api):
    response = rep_api.post(
        "/customers",
        {
            "name": "Ann Archer",
            "preferred_name": "Annie",
            "country": "de",
            "emails": ["ann@example.com", "work@example.com"],
            "phones": ["+49 30 1234"],
            "social_handles": [{"network": "bluesky", "handle": "@ann.example"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["country"] == "DE"
    assert body["greeting_name"] == "Annie"
    assert [(e["email"], e["is_primary"]) for e in body["emails"]] == [
        ("ann@example.com", True),
        ("work@example.com", False),
    ]
    assert body["phones"][0]["number"] == "+49 30 1234"
    assert body["social_handles"] == [
        {"id": body["social_handles"][0]["id"], "network": "bluesky", "handle": "ann.example"}
    ]


def test_create_with_a_taken_email_writes_nothing(rep_api):
    CustomerEmailFactory.create(email="taken@example.com")
    before = Customer.objects.count()
    response = rep_api.post("/customers", {"name": "Copycat", "emails": ["new@example.com", "TAKEN@example.com"]})
    assert response.status_code == 422
    assert fields(response) == {"email"}
    assert Customer.objects.count() == before
    assert not CustomerEmail.objects.filter(email="new@example.com").exists()


def test_update_changes_only_the_fields_sent(rep_api):
    customer = CustomerFactory.create(name="Ann", city="Berlin")
    response = rep_api.patch(f"/customers/{customer.pk}", {"preferred_name": "Annie"})
    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.name, customer.preferred_name, customer.city) == ("Ann", "Annie", "Berlin")


def test_update_refuses_blank_and_null_names(rep_api):
    customer = CustomerFactory.create(name="Ann")
    assert fields(rep_api.patch(f"/customers/{customer.pk}", {"name": ""})) == {"name"}
    assert fields(rep_api.patch(f"/customers/{customer.pk}", {"name": None})) == {"name"}
    customer.refresh_from_db()
    assert customer.name == "Ann"


def test_add_email_phone_and_handle(rep_api):
    customer = CustomerFactory.create()
    pk = customer.pk
    email = rep_api.post(f"/customers/{pk}/emails", {"email": "a@example.com", "is_primary": True})
    assert email.status_code == 201
    assert rep_api.post(f"/customers/{pk}/phones", {"number": "555 0100", "label": "mobile"}).status_code == 201
    assert rep_api.post(f"/customers/{pk}/social-handles", {"network": "x", "handle": "ann"}).status_code == 201
    detail = rep_api.get(f"/customers/{pk}").json()
    assert (len(detail["emails"]), len(detail["phones"]), len(detail["social_handles"])) == (1, 1, 1)


def test_contact_detail_errors_name_the_field(rep_api):
    customer = CustomerFactory.create()
    pk = customer.pk
    assert fields(rep_api.post(f"/customers/{pk}/emails", {"email": "not an email"})) == {"email"}
    assert fields(rep_api.post(f"/customers/{pk}/phones", {"number": "call me"})) == {"number"}
    assert fields(rep_api.post(f"/customers/{pk}/social-handles", {"network": "myspace", "handle": "a"})) == {"network"}


def test_merge_folds_a_duplicate_into_the_survivor(rep_api):
    survivor = CustomerFactory.create(name="Ann Archer", city="")
    duplicate = CustomerFactory.create(name="Ann A.", city="Leeds")
    CustomerEmailFactory.create(customer=duplicate, email="ann@example.com")
    response = rep_api.post(f"/customers/{duplicate.pk}/merge", {"into_id": survivor.pk})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == survivor.pk
    assert response.json()["city"] == "Leeds"
    assert [e["email"] for e in response.json()["emails"]] == ["ann@example.com"]
    # The old id still resolves, to the survivor.
    assert rep_api.get(f"/customers/{duplicate.pk}").json()["id"] == survivor.pk
    again = rep_api.post(f"/customers/{duplicate.pk}/merge", {"into_id": survivor.pk})
    assert again.status_code == 422
    assert fields(again) == {"source"}


def test_merge_into_itself_or_nobody_is_422(rep_api):
    customer = CustomerFactory.create()
    assert fields(rep_api.post(f"/customers/{customer.pk}/merge", {"into_id": 999_999})) == {"into_id"}
    assert rep_api.post(f"/customers/{customer.pk}/merge", {"into_id": customer.pk}).status_code == 422


def test_customer_conversations_are_only_those_the_caller_may_see(rep_api, lead_api, team, other_team):
    customer = CustomerFactory.create()
    ours = ConversationFactory.create(customer=customer, team=team)
    theirs = ConversationFactory.create(customer=customer, team=other_team)
    assert [c["id"] for c in rep_api.get(f"/customers/{customer.pk}/conversations").json()["items"]] == [ours.pk]
    lead_ids = {c["id"] for c in lead_api.get(f"/customers/{customer.pk}/conversations").json()["items"]}
    assert lead_ids == {ours.pk, theirs.pk}


def test_rapport_note_linked_to_a_conversation_is_recorded_on_its_timeline(rep, rep_api, team):
    conversation = ConversationFactory.create(team=team)
    response = rep_api.post(
        f"/customers/{conversation.customer_id}/rapport-notes",
        {"body": "Training for a marathon", "conversation_id": conversation.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"]["id"] == rep.pk
    assert TimelineEntry.objects.filter(conversation=conversation, event_type=EventType.RAPPORT_NOTE).exists()
    listed = rep_api.get(f"/customers/{conversation.customer_id}/rapport-notes").json()["items"]
    assert [n["body"] for n in listed] == ["Training for a marathon"]


def test_rapport_note_refuses_other_customers_and_hidden_conversations(rep_api, team, other_team):
    customer = CustomerFactory.create()
    elsewhere = ConversationFactory.create(team=team)
    hidden = ConversationFactory.create(customer=customer, team=other_team)
    path = f"/customers/{customer.pk}/rapport-notes"
    assert fields(rep_api.post(path, {"body": "x", "conversation_id": elsewhere.pk})) == {"conversation_id"}
    assert fields(rep_api.post(path, {"body": "x", "conversation_id": hidden.pk})) == {"conversation_id"}
    assert fields(rep_api.post(path, {"body": " "})) == {"body"}
    assert not RapportNote.objects.exists()


def test_life_moments_create_and_list(rep_api):
    customer = CustomerFactory.create()
    LifeMomentFactory.create(customer=customer, happened_on="2025-01-01")
    response = rep_api.post(
        f"/customers/{customer.pk}/life-moments", {"kind": "new_baby", "happened_on": "2026-03-04", "note": "Twins!"}
    )
    assert response.status_code == 201, response.content
    listed = rep_api.get(f"/customers/{customer.pk}/life-moments").json()["items"]
    assert [m["kind"] for m in listed] == ["new_baby", "moving"]


def test_life_moment_errors_name_the_field(rep_api):
    customer = CustomerFactory.create()
    path = f"/customers/{customer.pk}/life-moments"
    assert fields(rep_api.post(path, {"kind": "promotion", "happened_on": "2026-03-04"})) == {"kind"}
    assert fields(rep_api.post(path, {"kind": "moving", "happened_on": "soon"})) == {"happened_on"}
    assert not LifeMoment.objects.exists()


def test_rapport_lists_page_with_cursors(rep_api):
    customer = CustomerFactory.create()
    RapportNoteFactory.create_batch(3, customer=customer)
    first = rep_api.get(f"/customers/{customer.pk}/rapport-notes", {"limit": 2}).json()
    rest = rep_api.get(f"/customers/{customer.pk}/rapport-notes", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(first["items"]) + len(rest["items"]) == 3
    assert rest["next_cursor"] is None


def test_unknown_customer_is_404_everywhere(rep_api):
    for path in ("", "/conversations", "/rapport-notes", "/life-moments", "/orders"):
        assert rep_api.get(f"/customers/999999{path}").status_code == 404, path
    assert rep_api.post("/customers/999999/rapport-notes", {"body": "x"}).status_code == 404
