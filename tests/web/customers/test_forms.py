from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ConversationFactory, CustomerEmailFactory, CustomerFactory
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.customers.models import Customer, CustomerEmail, LifeMoment, RapportNote, SocialHandle

pytestmark = pytest.mark.django_db


def _url(name: str, customer: Customer) -> str:
    return reverse(f"customers:{name}", args=[customer.pk])


def test_adding_an_email_redirects_back_to_the_profile(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(_url("email_add", customer), {"email": "kim@example.org"})
    assert response.status_code == 302
    assert response["Location"] == _url("detail", customer)
    assert customer.emails.get().email == "kim@example.org"


def test_bad_email_is_400_naming_the_field(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(_url("email_add", customer), {"email": "not an email"})
    assert response.status_code == 400
    assert "email" in response.context["email_form"].errors
    assert not CustomerEmail.objects.exists()


def test_email_of_another_customer_is_400_naming_the_field(rep_client):
    CustomerEmailFactory.create(email="taken@example.org")
    customer = CustomerFactory.create()
    response = rep_client.post(_url("email_add", customer), {"email": "TAKEN@example.org"})
    assert response.status_code == 400
    assert "merge" in response.context["email_form"].errors["email"][0]


def test_adding_a_phone_and_a_handle(rep_client):
    customer = CustomerFactory.create()
    rep_client.post(_url("phone_add", customer), {"number": "+1 555 0100", "label": "mobile"})
    rep_client.post(_url("handle_add", customer), {"network": "instagram", "handle": "@kimbakes"})
    assert customer.phones.get().label == "mobile"
    assert customer.social_handles.get().handle == "kimbakes"


def test_phone_without_digits_is_400_naming_the_field(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(_url("phone_add", customer), {"number": "call me"})
    assert response.status_code == 400
    assert "number" in response.context["phone_form"].errors


def test_unknown_network_is_400_naming_the_field(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(_url("handle_add", customer), {"network": "myspace", "handle": "tom"})
    assert response.status_code == 400
    assert "network" in response.context["handle_form"].errors
    assert not SocialHandle.objects.exists()


def test_contact_forms_require_login(client):
    customer = CustomerFactory.create()
    response = client.post(_url("email_add", customer), {"email": "kim@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not CustomerEmail.objects.exists()


def test_htmx_note_returns_the_updated_notes_partial(rep_client, rep):
    customer = CustomerFactory.create()
    response = rep_client.post(
        _url("rapport_note_add", customer),
        {"body": "Training for the Boston marathon."},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="notes"')
    assert "Boston marathon" in body
    assert RapportNote.objects.get().author == rep


def test_htmx_note_with_errors_returns_the_partial_with_400(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(_url("rapport_note_add", customer), {"body": "  "}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.content.decode().lstrip().startswith('<section id="notes"')
    assert "body" in response.context["note_form"].errors


def test_note_from_a_conversation_lands_on_its_timeline_and_returns_there(rep_client, team):
    customer = CustomerFactory.create()
    conversation = ConversationFactory.create(customer=customer, team=team)
    back = f"/conversations/{conversation.pk}/"

    response = rep_client.post(
        _url("rapport_note_add", customer),
        {"body": "Her daughter starts college in the fall.", "conversation": conversation.pk, "next": back},
    )

    assert response.status_code == 302
    assert response["Location"] == back
    assert RapportNote.objects.get().conversation == conversation
    event = TimelineEntry.objects.get(conversation=conversation, event_type=EventType.RAPPORT_NOTE)
    assert "college" in event.body


def test_unsafe_next_is_ignored(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(
        _url("rapport_note_add", customer), {"body": "Likes sunflowers.", "next": "https://evil.example/steal"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("detail", customer)


def test_htmx_post_with_next_asks_htmx_to_navigate(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(
        _url("rapport_note_add", customer),
        {"body": "Likes sunflowers.", "next": "/inbox/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/inbox/"


def test_conversation_of_another_customer_is_rejected(rep_client, team):
    customer = CustomerFactory.create()
    elsewhere = ConversationFactory.create(team=team)
    response = rep_client.post(
        _url("rapport_note_add", customer), {"body": "Likes sunflowers.", "conversation": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "conversation" in response.context["note_form"].errors
    assert not RapportNote.objects.exists()


def test_conversation_the_user_cannot_see_is_404(rep_client, other_team):
    customer = CustomerFactory.create()
    hidden = ConversationFactory.create(customer=customer, team=other_team)
    response = rep_client.post(
        _url("life_moment_add", customer), {"kind": "wedding", "note": "", "conversation": hidden.pk}
    )
    assert response.status_code == 404
    assert not LifeMoment.objects.exists()


def test_life_moment_defaults_to_today_and_records_an_event(rep_client, team):
    customer = CustomerFactory.create()
    conversation = ConversationFactory.create(customer=customer, team=team)
    response = rep_client.post(
        _url("life_moment_add", customer),
        {"kind": "new_baby", "happened_on": "", "note": "A girl, Maya", "conversation": conversation.pk},
    )
    assert response.status_code == 302
    moment = LifeMoment.objects.get()
    assert moment.kind == LifeMoment.Kind.NEW_BABY
    assert moment.happened_on is not None
    assert TimelineEntry.objects.filter(conversation=conversation, event_type=EventType.LIFE_MOMENT).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "lottery_win", "happened_on": "2026-05-01"}, "kind"),
        ({"kind": "wedding", "happened_on": "2026-02-31"}, "happened_on"),
        ({"kind": "wedding", "happened_on": "last tuesday"}, "happened_on"),
    ],
)
def test_bad_life_moment_is_400_naming_the_field(rep_client, data, field):
    customer = CustomerFactory.create()
    response = rep_client.post(_url("life_moment_add", customer), data)
    assert response.status_code == 400
    assert field in response.context["moment_form"].errors
    assert not LifeMoment.objects.exists()


def test_invalid_post_from_a_conversation_keeps_next_for_the_retry(rep_client, team):
    customer = CustomerFactory.create()
    conversation = ConversationFactory.create(customer=customer, team=team)
    response = rep_client.post(
        _url("rapport_note_add", customer),
        {"body": "", "conversation": conversation.pk, "next": f"/conversations/{conversation.pk}/"},
    )
    assert response.status_code == 400
    assert f'value="/conversations/{conversation.pk}/"' in response.content.decode()


def test_adding_to_a_merged_customer_lands_on_the_survivor(rep_client):
    survivor = CustomerFactory.create()
    duplicate = CustomerFactory.create(merged_into=survivor)
    rep_client.post(_url("rapport_note_add", duplicate), {"body": "Prefers calls after 5pm."})
    assert RapportNote.objects.get().customer == survivor


def test_htmx_email_returns_the_updated_contacts_partial(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(
        _url("email_add", customer), {"email": "pat@example.org"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="contacts"')
    assert "pat@example.org" in body
