from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import (
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    CustomerPhoneFactory,
    LifeMomentFactory,
    OrderFactory,
    RapportNoteFactory,
)
from wowdesk.conversations.models import EventType, TimelineEntry
from wowdesk.customers.models import Customer

pytestmark = pytest.mark.django_db

ADDRESS = {
    "preferred_name": "",
    "language": "en",
    "address_line1": "",
    "address_line2": "",
    "city": "",
    "region": "",
    "postal_code": "",
    "country": "",
}


def test_create_customer_with_an_initial_email_and_phone(rep_client):
    response = rep_client.post(
        reverse("customers:create"),
        {**ADDRESS, "name": "Lola Kim", "country": "us", "email": "lola@example.com", "phone": "+1 555 0123"},
    )
    customer = Customer.objects.get(name="Lola Kim")
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.pk])
    assert customer.country == "US"
    assert customer.emails.get().is_primary
    assert customer.phones.get().number == "+1 555 0123"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Lola", "email": "lola-at-example"}, "email"),
        ({"name": "Lola", "phone": "no digits"}, "phone"),
    ],
)
def test_create_customer_bad_input_is_400_naming_the_field(rep_client, data, field):
    response = rep_client.post(reverse("customers:create"), {**ADDRESS, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Customer.objects.exists()


def test_create_page_renders(rep_client):
    assert rep_client.get(reverse("customers:create")).status_code == 200


def test_edit_customer(rep_client):
    customer = CustomerFactory.create(name="Max Ernst")
    page = rep_client.get(reverse("customers:edit", args=[customer.pk]))
    assert page.context["form"]["name"].value() == "Max Ernst"

    response = rep_client.post(
        reverse("customers:edit", args=[customer.pk]),
        {**ADDRESS, "name": "Max Ernst", "preferred_name": "Maxi", "city": "Köln", "country": "de"},
    )

    customer.refresh_from_db()
    assert response.status_code == 302
    assert (customer.preferred_name, customer.city, customer.country) == ("Maxi", "Köln", "DE")


def test_edit_with_too_long_country_is_400_naming_the_field(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(
        reverse("customers:edit", args=[customer.pk]), {**ADDRESS, "name": "X", "country": "Germany"}
    )
    assert response.status_code == 400
    assert "country" in response.context["form"].errors


def test_merge_finds_candidates_then_confirms_listing_what_moves(rep_client):
    source = CustomerFactory.create(name="Nina Sky")
    target = CustomerFactory.create(name="Nina Skyler")
    CustomerEmailFactory.create(customer=source)
    OrderFactory.create(customer=source)
    ConversationFactory.create_batch(2, customer=source)

    search = rep_client.get(reverse("customers:merge", args=[source.pk]), {"q": "nina"})
    confirm = rep_client.get(reverse("customers:merge", args=[source.pk]), {"into": target.pk})

    assert [c.pk for c in search.context["candidates"]] == [target.pk]
    summary = confirm.context["summary"]
    assert (summary.conversations, summary.orders, summary.emails) == (2, 1, 1)
    assert "2 conversations" in confirm.content.decode()
    assert Customer.objects.get(pk=source.pk).merged_into is None  # nothing happens on GET


def test_merge_keeps_all_history_on_the_survivor(rep_client, rep):
    source = CustomerFactory.create(name="Omar Duplicate", city="Lyon")
    target = CustomerFactory.create(name="Omar Farouk", city="")
    CustomerEmailFactory.create(customer=source, email="omar@old.example")
    CustomerPhoneFactory.create(customer=source)
    RapportNoteFactory.create(customer=source, body="Collects vinyl.")
    LifeMomentFactory.create(customer=source)
    order = OrderFactory.create(customer=source)
    conversation = ConversationFactory.create(customer=source)

    response = rep_client.post(reverse("customers:merge", args=[source.pk]), {"into": target.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[target.pk])
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into == target
    assert target.city == "Lyon"
    assert [e.email for e in target.emails.all()] == ["omar@old.example"]
    assert target.phones.count() == 1
    assert target.rapport_notes.get().body == "Collects vinyl."
    assert target.life_moments.count() == 1
    assert list(target.orders.all()) == [order]
    assert list(target.conversations.all()) == [conversation]
    assert TimelineEntry.objects.filter(conversation=conversation, event_type=EventType.CUSTOMER_MERGED).exists()
    # The old link still works and lands on the survivor.
    follow = rep_client.get(reverse("customers:detail", args=[source.pk]))
    assert follow["Location"] == reverse("customers:detail", args=[target.pk])


def test_merge_into_itself_is_400_naming_the_field(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(reverse("customers:merge", args=[customer.pk]), {"into": customer.pk})
    assert response.status_code == 400
    assert "into" in response.context["form"].errors
    assert Customer.objects.get(pk=customer.pk).merged_into is None


def test_merge_with_non_numeric_target_is_400_naming_the_field(rep_client):
    customer = CustomerFactory.create()
    response = rep_client.post(reverse("customers:merge", args=[customer.pk]), {"into": "bob"})
    assert response.status_code == 400
    assert "into" in response.context["form"].errors


def test_merge_into_unknown_customer_is_404(rep_client):
    customer = CustomerFactory.create()
    assert rep_client.post(reverse("customers:merge", args=[customer.pk]), {"into": 999999}).status_code == 404


def test_merging_an_already_merged_customer_goes_to_the_survivor(rep_client):
    survivor = CustomerFactory.create()
    duplicate = CustomerFactory.create(merged_into=survivor)
    other = CustomerFactory.create()
    response = rep_client.post(reverse("customers:merge", args=[duplicate.pk]), {"into": other.pk})
    assert response["Location"] == reverse("customers:detail", args=[survivor.pk])
    assert Customer.objects.get(pk=survivor.pk).merged_into is None


def test_merge_requires_login(client):
    source, target = CustomerFactory.create(), CustomerFactory.create()
    response = client.post(reverse("customers:merge", args=[source.pk]), {"into": target.pk})
    assert response.status_code == 302
    assert Customer.objects.get(pk=source.pk).merged_into is None
