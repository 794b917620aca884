"""The demo's channel data: a working mailbox and relay secret, the email stories' trail, the airport steak post."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.services import conversation_reply
from wowdesk.demo.channels import DEMO_RELAY_SECRET, DEMO_SOCIAL_SECRET
from wowdesk.mail.models import DeliveryStatus, InboundMessage, OutboundEmail
from wowdesk.mail.services.mailboxes import mailbox_authenticate_relay
from wowdesk.social.models import SocialMention
from wowdesk.social.services import social_source_authenticate

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--conversations", "60", "--customers", "30", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_documented_demo_secrets_work(seeded):
    mailbox = mailbox_authenticate_relay(secret=DEMO_RELAY_SECRET)

    assert mailbox is not None
    assert mailbox.address == "help@wowdesk.localhost"
    assert social_source_authenticate(secret=DEMO_SOCIAL_SECRET) is not None


def test_the_airport_steak_post_is_a_followed_up_mention_on_its_conversation(seeded):
    mention = SocialMention.objects.select_related("conversation", "followed_up_by").order_by("posted_at").first()

    assert mention is not None
    assert "steak" in mention.text
    assert mention.conversation.channel == "social"
    assert mention.author_handle == "des_on_the_road"
    assert mention.followed_up_by is not None
    assert mention.followed_up_by.username == "theo"


def test_a_new_reply_on_an_email_story_threads_under_the_customers_last_email(seeded):
    tyres = Conversation.objects.get(subject="Can I return a set of tyres?")
    last = InboundMessage.objects.filter(conversation=tyres).order_by("-received_at").first()

    conversation_reply(actor=User.objects.get(username="keisha"), conversation=tyres, body="One more thing, Hollis.")

    row = OutboundEmail.objects.filter(conversation=tyres).order_by("-id").first()
    assert row is not None
    assert last is not None
    assert row.in_reply_to == last.message_id
    assert row.to_address == "hollis.brandt@example.net"
    assert OutboundEmail.objects.filter(conversation=tyres, status=DeliveryStatus.SENT).count() >= 1


def test_one_failed_reply_waits_for_the_retry_button(seeded):
    assert OutboundEmail.objects.filter(status=DeliveryStatus.FAILED).count() == 1


# --flush truncates, which PostgreSQL refuses inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_channel_data_is_deterministic(seeded):
    first = list(SocialMention.objects.order_by("id").values_list("url", "text"))
    call_command("seed_demo", "--flush", "--conversations", "60", "--customers", "30", stdout=io.StringIO())

    assert list(SocialMention.objects.order_by("id").values_list("url", "text")) == first
