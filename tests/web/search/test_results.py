"""The search results page: customers and conversations from one box."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConversationFactory, CustomerEmailFactory, CustomerFactory, TimelineEntryFactory
from wowdesk.conversations.models import Tag

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")


def test_search_page_is_at_search():
    assert SEARCH == "/search/"


def test_anonymous_visitor_is_sent_to_login():
    response = Client().get(SEARCH, {"q": "boots"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_query_shows_a_hint(rep_client, q):
    response = rep_client.get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert "search-hint" in response.text


def test_finds_customers_by_name_and_conversations_by_text(rep_client, team):
    maria = CustomerFactory.create(name="Maria Lopez")
    CustomerEmailFactory.create(customer=maria, email="maria@example.com")
    # Named, so a randomly generated customer name can never be another "Lopez".
    CustomerFactory.create(name="Somebody Else")
    other = CustomerFactory.create(name="Quinn Abbot")
    by_subject = ConversationFactory.create(team=team, customer=other, subject="Lopez family order")
    by_text = ConversationFactory.create(team=team, customer=other, subject="Question")
    TimelineEntryFactory.create(conversation=by_text, body="Mrs Lopez called about her boots")
    ConversationFactory.create(team=team, customer=other, subject="Unrelated")

    response = rep_client.get(SEARCH, {"q": "lopez"})

    assert response.status_code == 200
    assert [c.name for c in response.context["customers"]] == ["Maria Lopez"]
    assert {c.pk for c in response.context["page"].items} == {by_subject.pk, by_text.pk}
    assert reverse("customers:detail", args=[maria.pk]) in response.text
    assert "maria@example.com" in response.text
    assert reverse("conversations:detail", args=[by_text.pk]) in response.text
    assert "Somebody Else" not in response.text
    assert "Unrelated" not in response.text


def test_query_is_echoed_in_the_top_search_box(rep_client):
    assert 'value="lopez"' in rep_client.get(SEARCH, {"q": "lopez"}).text


def test_other_teams_conversations_are_not_found(rep_client, other_team):
    ConversationFactory.create(team=other_team, subject="Otters' secret")

    response = rep_client.get(SEARCH, {"q": "secret"})

    assert response.context["page"].items == []
    assert "Otters&#x27; secret" not in response.text


def test_conversations_page_with_a_next_link(rep_client, team, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    now = timezone.now()
    for i in range(3):
        ConversationFactory.create(team=team, subject=f"Sandals {i}", last_activity_at=now - dt.timedelta(minutes=i))

    first = rep_client.get(SEARCH, {"q": "sandals"})
    second = rep_client.get(SEARCH, {"q": "sandals", "cursor": first.context["page"].next_cursor})

    assert len(first.context["page"].items) == 2
    assert "cursor=" in first.text
    assert len(second.context["page"].items) == 1
    assert second.context["page"].next_cursor is None


@pytest.mark.parametrize(("params", "field"), [({"q": "x" * 201}, "q"), ({"q": "boots", "cursor": "%%%"}, "cursor")])
def test_bad_query_is_a_400_naming_the_field(rep_client, params, field):
    response = rep_client.get(SEARCH, params)

    assert response.status_code == 400
    assert f"{field}:" in response.text


def _populate(count: int, team, rep) -> None:
    for i in range(count):
        customer = CustomerFactory.create(name=f"Boots Fan {i}")
        CustomerEmailFactory.create(customer=customer)
        conversation = ConversationFactory.create(team=team, customer=customer, assignee=rep, subject=f"Boots {i}")
        conversation.tags.add(Tag.objects.get_or_create(name=f"tag-{i % 3}")[0])


def test_query_count_does_not_grow_with_results(rep_client, rep, team, django_assert_num_queries, count_queries):
    url = f"{SEARCH}?q=boots"
    _populate(3, team, rep)
    baseline = count_queries(rep_client, url)

    _populate(6, team, rep)
    with django_assert_num_queries(baseline):
        response = rep_client.get(url)

    assert len(response.context["customers"]) == 9
    assert len(response.context["page"].items) == 9
