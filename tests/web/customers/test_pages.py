from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import (
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    LifeMomentFactory,
    OrderFactory,
    OrderItemFactory,
    ProblemReportFactory,
    RapportNoteFactory,
)
from wowdesk.customers.models import Customer

pytestmark = pytest.mark.django_db


def test_customer_list_requires_login(client):
    response = client.get(reverse("customers:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_customer_list_filters_by_name_or_email(rep_client):
    CustomerFactory.create(name="Alma Ortiz")
    bea = CustomerFactory.create(name="Bea Quist")
    CustomerEmailFactory.create(customer=bea, email="bea@example.net")

    by_name = rep_client.get(reverse("customers:list"), {"q": "alma"})
    by_email = rep_client.get(reverse("customers:list"), {"q": "example.net"})

    assert [c.name for c in by_name.context["page"].items] == ["Alma Ortiz"]
    assert [c.name for c in by_email.context["page"].items] == ["Bea Quist"]


def test_customer_list_hides_merged_away_duplicates(rep_client):
    survivor = CustomerFactory.create(name="Cleo Park")
    CustomerFactory.create(name="Cleo Park (dup)", merged_into=survivor)

    response = rep_client.get(reverse("customers:list"))

    assert [c.pk for c in response.context["page"].items] == [survivor.pk]


def test_customer_list_pages_with_a_cursor(rep_client, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    for name in ["Ann", "Ben", "Cat", "Dan", "Eve"]:
        CustomerFactory.create(name=name)

    first = rep_client.get(reverse("customers:list"))
    second = rep_client.get(reverse("customers:list"), {"cursor": first.context["page"].next_cursor})

    assert [c.name for c in first.context["page"].items] == ["Ann", "Ben"]
    assert [c.name for c in second.context["page"].items] == ["Cat", "Dan"]


def test_customer_list_sorts_by_recent_activity(rep_client):
    quiet = CustomerFactory.create(name="Quiet Quinn")
    busy = CustomerFactory.create(name="Busy Bo")
    ConversationFactory.create(customer=busy)
    ConversationFactory.create(customer=quiet)  # newest activity
    response = rep_client.get(reverse("customers:list"), {"sort": "recent"})
    assert [c.pk for c in response.context["page"].items] == [quiet.pk, busy.pk]


@pytest.mark.parametrize(("params", "field"), [({"sort": "shoe size"}, "sort"), ({"cursor": "not-a-cursor"}, "cursor")])
def test_customer_list_rejects_bad_parameters_naming_them(rep_client, params, field):
    response = rep_client.get(reverse("customers:list"), params)
    assert response.status_code == 400
    assert any(error.startswith(field) for error in response.context["errors"])


def test_customer_list_htmx_request_gets_only_the_results(rep_client):
    CustomerFactory.create(name="Hana Ito")
    response = rep_client.get(reverse("customers:list"), {"q": "hana"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="customer-results"' in body
    assert "<html" not in body
    assert "Hana Ito" in body


def _customer_with_history(n: int) -> Customer:
    customer = CustomerFactory.create()
    CustomerEmailFactory.create(customer=customer)
    for _ in range(n):
        RapportNoteFactory.create(customer=customer)
        LifeMomentFactory.create(customer=customer)
        order = OrderFactory.create(customer=customer)
        OrderItemFactory.create(order=order)
        ProblemReportFactory.create(order=order)
    return customer


def test_profile_shows_contact_rapport_orders_and_conversations(rep_client):
    customer = CustomerFactory.create(name="Ines Duarte", preferred_name="Nessa", address_line1="1 Rua Nova")
    CustomerEmailFactory.create(customer=customer, email="ines@example.com")
    RapportNoteFactory.create(customer=customer, body="Her dog is called Biscuit.")
    LifeMomentFactory.create(customer=customer, note="Moved to Porto")
    item = OrderItemFactory.create(order__customer=customer, description="Garden hose", sku="")
    ConversationFactory.create(customer=customer, subject="Where is my hose?")

    body = rep_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()

    for text in ["Nessa", "1 Rua Nova", "ines@example.com", "Biscuit", "Moved to Porto", "Garden hose"]:
        assert text in body
    assert item.order.number in body
    assert "not sold by us" in body
    assert "Where is my hose?" in body


def test_profile_of_merged_customer_redirects_to_survivor_with_a_notice(rep_client):
    survivor = CustomerFactory.create(name="Jo March")
    duplicate = CustomerFactory.create(name="Josephine March", merged_into=survivor)

    response = rep_client.get(reverse("customers:detail", args=[duplicate.pk]), follow=True)

    assert response.redirect_chain == [(reverse("customers:detail", args=[survivor.pk]), 302)]
    assert f"#{duplicate.pk} was merged into Jo March" in response.content.decode()


def test_profile_of_unknown_customer_is_404(rep_client):
    assert rep_client.get(reverse("customers:detail", args=[999999])).status_code == 404


def test_profile_hides_conversations_of_other_teams(rep_client, other_team):
    customer = CustomerFactory.create()
    ConversationFactory.create(customer=customer, team=other_team, subject="Otters only")
    body = rep_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert "Otters only" not in body


@pytest.mark.parametrize("section", ["moments", "notes", "orders", "conversations"])
def test_history_pages_continue_where_the_profile_stops(rep_client, settings, section):
    settings.WOWDESK_PAGE_SIZE = 3
    # The profile shows ten of each; four more remain for the history page.
    customer = _customer_with_history(14)
    for _ in range(12):
        ConversationFactory.create(customer=customer)
    profile = rep_client.get(reverse("customers:detail", args=[customer.pk]))
    cursor = profile.context[section].next_cursor
    assert cursor

    page = rep_client.get(reverse("customers:history", args=[customer.pk, section]), {"cursor": cursor})

    assert page.status_code == 200
    shown = {row.pk for row in profile.context[section].items}
    assert len(page.context["page"].items) == 3
    assert shown.isdisjoint(row.pk for row in page.context["page"].items)


def test_history_rejects_unknown_section_and_bad_cursor(rep_client):
    customer = CustomerFactory.create()
    assert rep_client.get(reverse("customers:history", args=[customer.pk, "secrets"])).status_code == 404
    bad = rep_client.get(reverse("customers:history", args=[customer.pk, "notes"]), {"cursor": "%%%"})
    assert bad.status_code == 400


def test_customer_list_query_count_is_constant(rep_client, django_assert_num_queries):
    def seed(n: int) -> None:
        for _ in range(n):
            customer = CustomerFactory.create()
            CustomerEmailFactory.create(customer=customer)
            ConversationFactory.create(customer=customer)

    seed(4)
    # session, user, customers page, emails prefetch
    with django_assert_num_queries(4):
        small = rep_client.get(reverse("customers:list"), {"sort": "recent"})
    seed(8)
    with django_assert_num_queries(4):
        large = rep_client.get(reverse("customers:list"), {"sort": "recent"})
    assert len(small.context["page"].items) == 4
    assert len(large.context["page"].items) == 12


def test_customer_profile_query_count_is_constant(rep_client, django_assert_num_queries):
    few = _customer_with_history(2)
    many = _customer_with_history(6)
    for _ in range(6):
        ConversationFactory.create(customer=many)
    ConversationFactory.create(customer=few)
    # session, user, customer, emails, phones, handles, moments, notes,
    # orders, items, problems (+ reporters joined), conversations, Wow gestures
    with django_assert_num_queries(13):
        rep_client.get(reverse("customers:detail", args=[few.pk]))
    with django_assert_num_queries(13):
        rep_client.get(reverse("customers:detail", args=[many.pk]))


def test_recently_active_sort_pages_with_a_cursor(rep_client, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    customers = [CustomerFactory.create(name=f"Customer {i}") for i in range(5)]
    for customer in customers:
        ConversationFactory.create(customer=customer)

    first = rep_client.get(reverse("customers:list"), {"sort": "recent"})
    second = rep_client.get(reverse("customers:list"), {"sort": "recent", "cursor": first.context["page"].next_cursor})

    newest_first = [c.pk for c in reversed(customers)]
    assert [c.pk for c in first.context["page"].items] == newest_first[:2]
    assert [c.pk for c in second.context["page"].items] == newest_first[2:4]
