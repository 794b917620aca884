"""Opening a new conversation from the agent UI."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wowdesk.conversations.models import Conversation, EntryKind, Status

pytestmark = pytest.mark.django_db

CREATE = reverse("conversations:create")


def data(**overrides: object) -> dict[str, object]:
    return {"channel": "phone", "subject": "Wrong colour", "direction": "inbound", "body": "", **overrides}


def test_form_prefills_the_customer_from_the_link(rep_client, customer):
    response = rep_client.get(CREATE, {"customer": customer.pk})

    assert response.status_code == 200
    assert f'value="{customer.pk}"' in response.text


def test_open_by_customer_id_assigns_to_me_in_my_team(rep_client, rep, team, customer):
    response = rep_client.post(
        CREATE, data(customer=customer.pk, body="They sent red, I ordered blue.", assign_to_me="on")
    )

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:detail", args=[conversation.pk])
    assert conversation.customer == customer
    assert conversation.assignee == rep
    assert conversation.team == team
    assert conversation.status == Status.OPEN
    assert conversation.entries.filter(kind=EntryKind.INBOUND, body="They sent red, I ordered blue.").exists()


def test_open_by_customer_email_unassigned(rep_client, customer):
    rep_client.post(CREATE, data(customer_email="MARIA@example.com", direction="outbound", body="Calling back"))

    conversation = Conversation.objects.get()
    assert conversation.customer == customer
    assert conversation.assignee is None
    assert conversation.entries.filter(kind=EntryKind.OUTBOUND).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, "customer"),
        ({"customer": 999_999}, "customer"),
        ({"customer_email": "nobody@example.com"}, "customer_email"),
        ({"customer_email": "not-an-email"}, "customer_email"),
        ({"customer": "CUSTOMER", "channel": "pigeon"}, "channel"),
        ({"customer": "CUSTOMER", "subject": ""}, "subject"),
        ({"customer": "CUSTOMER", "direction": "sideways"}, "direction"),
    ],
)
def test_bad_input_is_a_400_on_the_field(rep_client, customer, overrides, field):
    if overrides.get("customer") == "CUSTOMER":
        overrides["customer"] = customer.pk

    response = rep_client.post(CREATE, data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Conversation.objects.exists()
