"""The inbox: filters, sorting, cursor pagination, htmx partial and query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ConversationFactory, UserFactory
from wowdesk.conversations.models import Channel, Priority, Status, Tag

pytestmark = pytest.mark.django_db

INBOX = "/"


def subjects(response) -> list[str]:
    return [c.subject for c in response.context["page"].items]


def test_inbox_is_the_home_page():
    assert reverse("conversations:inbox") == INBOX


def test_anonymous_visitor_is_sent_to_login():
    response = Client().get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_rep_sees_team_and_shared_conversations_but_not_another_teams(rep_client, team, other_team):
    ConversationFactory.create(team=team, subject="Ours")
    ConversationFactory.create(team=None, subject="Shared queue")
    ConversationFactory.create(team=other_team, subject="Theirs")

    response = rep_client.get(INBOX)

    assert response.status_code == 200
    assert sorted(subjects(response)) == ["Ours", "Shared queue"]
    assert "Theirs" not in response.text


def test_row_shows_customer_subject_channel_status_assignee_priority_tags_and_preview(rep_client, rep, team, customer):
    conversation = ConversationFactory.create(
        team=team,
        customer=customer,
        assignee=rep,
        subject="Boots too small",
        channel=Channel.CHAT,
        status=Status.OPEN,
        priority=Priority.URGENT,
        preview="They pinch at the toes",
    )
    conversation.tags.add(Tag.objects.create(name="sizing"))

    text = rep_client.get(INBOX).text

    for shown in (
        "Mari",
        "Boots too small",
        "Chat",
        "Open",
        "Rita Reyes",
        "Urgent",
        "sizing",
        "They pinch at the toes",
    ):
        assert shown in text
    assert reverse("conversations:detail", args=[conversation.pk]) in text


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("all", ["Mine", "Teammate's", "Unassigned"]),
        ("mine", ["Mine"]),
        ("team", ["Mine", "Teammate's"]),
        ("unassigned", ["Unassigned"]),
    ],
)
def test_scope_filter(rep_client, rep, teammate, team, scope, expected):
    ConversationFactory.create(team=team, assignee=rep, subject="Mine")
    ConversationFactory.create(team=team, assignee=teammate, subject="Teammate's")
    ConversationFactory.create(team=None, subject="Unassigned")

    response = rep_client.get(INBOX, {"scope": scope})

    assert sorted(subjects(response)) == sorted(expected)


def test_status_channel_and_tag_filters_combine(rep_client, team):
    wanted = ConversationFactory.create(team=team, status=Status.WAITING, channel=Channel.PHONE, subject="Wanted")
    wanted.tags.add(Tag.objects.create(name="returns"))
    ConversationFactory.create(team=team, status=Status.WAITING, channel=Channel.EMAIL, subject="Wrong channel")
    ConversationFactory.create(team=team, status=Status.OPEN, channel=Channel.PHONE, subject="Wrong status")
    ConversationFactory.create(team=team, status=Status.WAITING, channel=Channel.PHONE, subject="No tag")

    response = rep_client.get(INBOX, {"status": "waiting", "channel": "phone", "tag": "returns"})

    assert subjects(response) == ["Wanted"]


def test_sort_oldest_activity_first(rep_client, team):
    now = timezone.now()
    ConversationFactory.create(team=team, subject="Older", last_activity_at=now - dt.timedelta(hours=2))
    ConversationFactory.create(team=team, subject="Newer", last_activity_at=now - dt.timedelta(hours=1))

    assert subjects(rep_client.get(INBOX)) == ["Newer", "Older"]
    assert subjects(rep_client.get(INBOX, {"sort": "-activity"})) == ["Older", "Newer"]


def test_next_link_pages_through_with_the_filters_kept(rep_client, team, settings):
    settings.WOWDESK_PAGE_SIZE = 2
    now = timezone.now()
    for i in range(3):
        ConversationFactory.create(
            team=team, subject=f"Phone {i}", channel=Channel.PHONE, last_activity_at=now - dt.timedelta(minutes=i)
        )
    ConversationFactory.create(team=team, subject="An email", channel=Channel.EMAIL)

    first = rep_client.get(INBOX, {"channel": "phone"})
    cursor = first.context["page"].next_cursor
    second = rep_client.get(INBOX, {"channel": "phone", "cursor": cursor})

    assert subjects(first) == ["Phone 0", "Phone 1"]
    assert "cursor=" in first.text
    assert "channel=phone" in first.text
    assert subjects(second) == ["Phone 2"]
    assert second.context["page"].next_cursor is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"scope": "everyone"}, "scope"),
        ({"status": "lost"}, "status"),
        ({"channel": "pigeon"}, "channel"),
        ({"sort": "loudest"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_invalid_filter_is_a_400_naming_the_field(rep_client, params, field):
    response = rep_client.get(INBOX, params)

    assert response.status_code == 400
    assert f"{field}:" in response.text


def test_htmx_request_gets_only_the_list(rep_client, team, htmx):
    ConversationFactory.create(team=team, subject="Swapped in")

    response = rep_client.get(INBOX, {"scope": "team"}, headers=htmx)

    assert response.status_code == 200
    assert 'id="inbox-results"' in response.text
    assert "Swapped in" in response.text
    assert "<html" not in response.text


def test_htmx_request_with_a_bad_filter_gets_the_error_in_the_list(rep_client, htmx):
    response = rep_client.get(INBOX, {"status": "lost"}, headers=htmx)

    assert response.status_code == 400
    assert 'id="inbox-results"' in response.text
    assert "status:" in response.text


def _populate(count: int, team, staff) -> None:
    for i in range(count):
        conversation = ConversationFactory.create(team=team, assignee=staff[i % len(staff)], preview="Hi")
        conversation.tags.add(Tag.objects.get_or_create(name=f"tag-{i % 4}")[0])


def test_query_count_does_not_grow_with_rows(rep_client, rep, team, django_assert_num_queries, count_queries):
    staff = [rep, *UserFactory.create_batch(2, team=team)]
    _populate(3, team, staff)
    baseline = count_queries(rep_client, INBOX)

    _populate(6, team, staff)
    # session, user, conversations, their tags, the tag suggestions
    with django_assert_num_queries(5):
        response = rep_client.get(INBOX)

    assert len(response.context["page"].items) == 9
    assert baseline == 5
