"""Social mentions: the authenticated webhook, matching by handle, the follow-up flag, sources."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import api_client_for
from wowdesk.conversations.models import Channel, Conversation, EntryKind, Priority
from wowdesk.customers.models import Customer, SocialHandle
from wowdesk.social.models import SocialMention
from wowdesk.social.services import mention_receive, social_source_create

pytestmark = pytest.mark.django_db

STEAK = {
    "network": "x",
    "author_handle": "@hungry_hank",
    "author_name": "Hank Oyelaran",
    "url": "https://x.example/hungry_hank/status/1001",
    "text": (
        "Boarding a 5-hour flight with zero snacks. @WowDesk, a steak at arrivals would make my year. Kidding. Mostly."
    ),
    "posted_at": "2026-03-09T19:40:00Z",
}


@pytest.fixture
def source_secret(admin_user):
    _source, secret = social_source_create(actor=admin_user, name="X relay")
    return secret


def webhook(body, secret):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return Client(headers=headers).post("/api/social/mentions", body, content_type="application/json")


def test_a_mention_opens_a_flagged_social_conversation_on_a_new_customer(source_secret):
    response = webhook(STEAK, source_secret)

    assert response.status_code == 201
    body = response.json()
    assert body["needs_follow_up"] is True
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    assert conversation.channel == Channel.SOCIAL
    assert conversation.priority == Priority.HIGH
    assert set(conversation.tags.values_list("name", flat=True)) == {"social", "follow-up"}
    customer = conversation.customer
    assert customer.name == "Hank Oyelaran"
    assert SocialHandle.objects.get(customer=customer).handle == "hungry_hank"
    entry = conversation.entries.get(kind=EntryKind.INBOUND)
    assert "steak at arrivals" in entry.body
    assert entry.data["social"]["url"] == STEAK["url"]


def test_a_known_handle_lands_on_its_customer(source_secret):
    customer = Customer.objects.create(name="Henry O.")
    SocialHandle.objects.create(customer=customer, network="x", handle="Hungry_Hank")

    body = webhook(STEAK, source_secret).json()

    assert body["customer"]["id"] == customer.pk
    assert Customer.objects.count() == 1


def test_the_same_handle_on_another_network_is_another_person(source_secret):
    SocialHandle.objects.create(
        customer=Customer.objects.create(name="Insta Hank"), network="instagram", handle="hungry_hank"
    )

    body = webhook(STEAK, source_secret).json()

    assert body["customer"]["name"] == "Hank Oyelaran"


def test_the_same_post_twice_is_one_mention(source_secret):
    first = webhook(STEAK, source_secret)
    second = webhook(STEAK, source_secret)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"network": "myspace"}, "network"),
        ({"author_handle": "has spaces"}, "author_handle"),
        ({"url": "ftp://x.example/1"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"text": "   "}, "text"),
        ({"posted_at": "2026-03-09T19:40:00"}, "posted_at"),
        ({"posted_at": "yesterday"}, "posted_at"),
        ({"text": "x" * 10_001}, "text"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(change, field, source_secret):
    response = webhook({**STEAK, **change}, source_secret)

    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["detail"]}
    assert not Conversation.objects.exists()


def test_a_post_from_the_future_is_refused(source_secret):
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()

    response = webhook({**STEAK, "posted_at": future}, source_secret)

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "posted_at"


def test_missing_fields_are_named(source_secret):
    response = webhook({"network": "x"}, source_secret)

    assert response.status_code == 422
    assert {"author_handle", "url", "text", "posted_at"} <= {e["field"] for e in response.json()["detail"]}


def test_body_that_is_not_json_is_a_400(source_secret):
    response = Client(headers={"Authorization": f"Bearer {source_secret}"}).post(
        "/api/social/mentions", "{not json", content_type="application/json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("secret", [None, "wds_wrong", "wdk_not-a-source-secret"])
def test_the_webhook_needs_a_source_secret(secret, source_secret):
    assert webhook(STEAK, secret).status_code == 401
    assert not Conversation.objects.exists()


def test_a_revoked_source_is_refused(source_secret, admin_user):
    from wowdesk.social.models import SocialSource
    from wowdesk.social.services import social_source_revoke

    social_source_revoke(actor=admin_user, source=SocialSource.objects.get())

    assert webhook(STEAK, source_secret).status_code == 401


def _mention(n: int, **overrides) -> SocialMention:
    return mention_receive(
        source=None,
        **{
            **STEAK,
            "url": f"https://x.example/p/{n}",
            "author_handle": f"fan_{n}",
            "posted_at": timezone.now(),
            **overrides,
        },
    ).mention


def test_mentions_page_lists_open_ones_and_follow_up_clears_the_flag(rep_client, rep):
    mention = _mention(1)

    page = rep_client.get(reverse("social:mentions"))
    assert mention in page.context["page"].items
    response = rep_client.post(reverse("social:follow_up", args=[mention.pk]))

    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.followed_up_by == rep
    assert mention not in rep_client.get(reverse("social:mentions")).context["page"].items
    assert mention in rep_client.get(reverse("social:mentions"), {"show": "done"}).context["page"].items


def test_mentions_page_query_count_is_constant(rep_client):
    _mention(1)
    with CaptureQueriesContext(connection) as few:
        rep_client.get(reverse("social:mentions"))
    for n in range(2, 8):
        _mention(n)
    with CaptureQueriesContext(connection) as many:
        rep_client.get(reverse("social:mentions"))

    assert len(many.captured_queries) == len(few.captured_queries)


def test_mention_list_api_and_follow_up(rep):
    api = api_client_for(rep)
    mention = _mention(1)
    api.get("/social/mentions")
    with CaptureQueriesContext(connection) as few:
        first = api.get("/social/mentions").json()
    for n in range(2, 6):
        _mention(n)
    with CaptureQueriesContext(connection) as many:
        second = api.get("/social/mentions").json()

    assert len(second["items"]) == len(first["items"]) + 4
    assert len(many.captured_queries) == len(few.captured_queries)
    done = api.post(f"/social/mentions/{mention.pk}/follow-up")
    assert done.json()["needs_follow_up"] is False
    assert api.get("/social/mentions", {"show": "bogus"}).status_code == 422


def test_mentions_on_another_teams_conversation_are_hidden(outsider_client, other_team, team, rep):
    mention = _mention(1)
    Conversation.objects.filter(pk=mention.conversation_id).update(team=team)

    assert mention not in outsider_client.get(reverse("social:mentions")).context["page"].items
    assert outsider_client.post(reverse("social:follow_up", args=[mention.pk])).status_code == 404


def test_admins_create_sources_with_a_secret_shown_once(admin_user, login, rep_client):
    client = login(admin_user)

    response = client.post(reverse("social:source_create"), {"name": "Bluesky relay"})

    assert response.status_code == 200
    assert response.context["secret"].startswith("wds_")
    assert "no-store" in response["Cache-Control"]
    assert response.context["secret"] not in client.get(reverse("social:sources")).content.decode()
    assert rep_client.get(reverse("social:sources")).status_code == 403


def test_sources_over_the_api(admin_user, rep):
    admin = api_client_for(admin_user)

    created = admin.post("/social/sources", {"name": "Mastodon relay"})

    assert created.status_code == 201
    secret = created.json()["secret"]
    assert webhook(STEAK, secret).status_code == 201
    assert admin.post(f"/social/sources/{created.json()['id']}/revoke").json()["revoked_at"]
    assert webhook({**STEAK, "url": "https://x.example/other"}, secret).status_code == 401
    assert api_client_for(rep).post("/social/sources", {"name": "sneaky"}).status_code == 403


def test_the_conversation_page_links_the_original_post(rep_client):
    mention = _mention(1)

    page = rep_client.get(reverse("conversations:detail", args=[mention.conversation_id])).content.decode()

    assert mention.url in page
